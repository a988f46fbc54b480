//! data 0048
//!
//! Revision ID: a00000000048
//! Revises: a00000000047
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000048",
    down_revision = "a00000000047",
    message = "data 0048"
)]
pub struct Data0048;

impl Migration for Data0048 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000048").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000048").await
    }
}
