//! data 0053
//!
//! Revision ID: a00000000053
//! Revises: a00000000052
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000053",
    down_revision = "a00000000052",
    message = "data 0053"
)]
pub struct Data0053;

impl Migration for Data0053 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000053").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000053").await
    }
}
