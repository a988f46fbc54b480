//! data 0088
//!
//! Revision ID: a00000000088
//! Revises: a00000000087
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000088",
    down_revision = "a00000000087",
    message = "data 0088"
)]
pub struct Data0088;

impl Migration for Data0088 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000088").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000088").await
    }
}
