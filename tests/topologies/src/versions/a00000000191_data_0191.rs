//! data 0191
//!
//! Revision ID: a00000000191
//! Revises: a00000000190
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000191",
    down_revision = "a00000000190",
    message = "data 0191"
)]
pub struct Data0191;

impl Migration for Data0191 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000191").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000191").await
    }
}
