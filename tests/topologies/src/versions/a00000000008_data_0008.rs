//! data 0008
//!
//! Revision ID: a00000000008
//! Revises: a00000000007
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000008",
    down_revision = "a00000000007",
    message = "data 0008"
)]
pub struct Data0008;

impl Migration for Data0008 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000008").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000008").await
    }
}
