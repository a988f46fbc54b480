//! data 0127
//!
//! Revision ID: a00000000127
//! Revises: a00000000126
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000127",
    down_revision = "a00000000126",
    message = "data 0127"
)]
pub struct Data0127;

impl Migration for Data0127 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000127").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000127").await
    }
}
