//! data 0106
//!
//! Revision ID: a00000000106
//! Revises: a00000000105
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000106",
    down_revision = "a00000000105",
    message = "data 0106"
)]
pub struct Data0106;

impl Migration for Data0106 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000106").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000106").await
    }
}
