//! data 0009
//!
//! Revision ID: a00000000009
//! Revises: a00000000008
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000009",
    down_revision = "a00000000008",
    message = "data 0009"
)]
pub struct Data0009;

impl Migration for Data0009 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000009").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000009").await
    }
}
