//! data 0087
//!
//! Revision ID: a00000000087
//! Revises: a00000000086
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000087",
    down_revision = "a00000000086",
    message = "data 0087"
)]
pub struct Data0087;

impl Migration for Data0087 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000087").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000087").await
    }
}
