//! data 0177
//!
//! Revision ID: a00000000177
//! Revises: a00000000176
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000177",
    down_revision = "a00000000176",
    message = "data 0177"
)]
pub struct Data0177;

impl Migration for Data0177 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000177").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000177").await
    }
}
