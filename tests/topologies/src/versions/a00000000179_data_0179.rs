//! data 0179
//!
//! Revision ID: a00000000179
//! Revises: a00000000178
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000179",
    down_revision = "a00000000178",
    message = "data 0179"
)]
pub struct Data0179;

impl Migration for Data0179 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000179").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000179").await
    }
}
