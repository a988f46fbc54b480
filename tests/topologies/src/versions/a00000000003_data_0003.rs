//! data 0003
//!
//! Revision ID: a00000000003
//! Revises: a00000000002
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000003",
    down_revision = "a00000000002",
    message = "data 0003"
)]
pub struct Data0003;

impl Migration for Data0003 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000003").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000003").await
    }
}
