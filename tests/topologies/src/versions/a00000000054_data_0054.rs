//! data 0054
//!
//! Revision ID: a00000000054
//! Revises: a00000000053
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000054",
    down_revision = "a00000000053",
    message = "data 0054"
)]
pub struct Data0054;

impl Migration for Data0054 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000054").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000054").await
    }
}
