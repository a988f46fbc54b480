//! data 0197
//!
//! Revision ID: a00000000197
//! Revises: a00000000196
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000197",
    down_revision = "a00000000196",
    message = "data 0197"
)]
pub struct Data0197;

impl Migration for Data0197 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000197").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000197").await
    }
}
