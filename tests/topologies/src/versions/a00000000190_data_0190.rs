//! data 0190
//!
//! Revision ID: a00000000190
//! Revises: a00000000189
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000190",
    down_revision = "a00000000189",
    message = "data 0190"
)]
pub struct Data0190;

impl Migration for Data0190 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000190").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000190").await
    }
}
