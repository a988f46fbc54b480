//! data 0105
//!
//! Revision ID: a00000000105
//! Revises: a00000000104
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000105",
    down_revision = "a00000000104",
    message = "data 0105"
)]
pub struct Data0105;

impl Migration for Data0105 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000105").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000105").await
    }
}
