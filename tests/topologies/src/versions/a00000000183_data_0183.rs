//! data 0183
//!
//! Revision ID: a00000000183
//! Revises: a00000000182
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000183",
    down_revision = "a00000000182",
    message = "data 0183"
)]
pub struct Data0183;

impl Migration for Data0183 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000183").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000183").await
    }
}
