//! data 0142
//!
//! Revision ID: a00000000142
//! Revises: a00000000141
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000142",
    down_revision = "a00000000141",
    message = "data 0142"
)]
pub struct Data0142;

impl Migration for Data0142 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000142").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000142").await
    }
}
