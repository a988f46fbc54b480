//! data 0178
//!
//! Revision ID: a00000000178
//! Revises: a00000000177
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000178",
    down_revision = "a00000000177",
    message = "data 0178"
)]
pub struct Data0178;

impl Migration for Data0178 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000178").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000178").await
    }
}
