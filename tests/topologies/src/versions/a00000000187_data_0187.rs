//! data 0187
//!
//! Revision ID: a00000000187
//! Revises: a00000000186
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000187",
    down_revision = "a00000000186",
    message = "data 0187"
)]
pub struct Data0187;

impl Migration for Data0187 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000187").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000187").await
    }
}
