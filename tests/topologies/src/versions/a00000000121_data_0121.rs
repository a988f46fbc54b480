//! data 0121
//!
//! Revision ID: a00000000121
//! Revises: a00000000120
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000121",
    down_revision = "a00000000120",
    message = "data 0121"
)]
pub struct Data0121;

impl Migration for Data0121 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000121").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000121").await
    }
}
