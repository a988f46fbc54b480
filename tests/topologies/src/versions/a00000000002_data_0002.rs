//! data 0002
//!
//! Revision ID: a00000000002
//! Revises: a00000000001
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000002",
    down_revision = "a00000000001",
    message = "data 0002"
)]
pub struct Data0002;

impl Migration for Data0002 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000002").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000002").await
    }
}
