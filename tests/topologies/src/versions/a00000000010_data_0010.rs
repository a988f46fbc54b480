//! data 0010
//!
//! Revision ID: a00000000010
//! Revises: a00000000009
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000010",
    down_revision = "a00000000009",
    message = "data 0010"
)]
pub struct Data0010;

impl Migration for Data0010 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000010").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000010").await
    }
}
