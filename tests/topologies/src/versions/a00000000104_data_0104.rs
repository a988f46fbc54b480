//! data 0104
//!
//! Revision ID: a00000000104
//! Revises: a00000000103
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000104",
    down_revision = "a00000000103",
    message = "data 0104"
)]
pub struct Data0104;

impl Migration for Data0104 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000104").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000104").await
    }
}
