//! data 0022
//!
//! Revision ID: a00000000022
//! Revises: a00000000021
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000022",
    down_revision = "a00000000021",
    message = "data 0022"
)]
pub struct Data0022;

impl Migration for Data0022 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000022").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000022").await
    }
}
