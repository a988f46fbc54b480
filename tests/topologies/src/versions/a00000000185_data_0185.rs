//! data 0185
//!
//! Revision ID: a00000000185
//! Revises: a00000000184
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000185",
    down_revision = "a00000000184",
    message = "data 0185"
)]
pub struct Data0185;

impl Migration for Data0185 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000185").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000185").await
    }
}
