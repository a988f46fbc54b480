//! data 0115
//!
//! Revision ID: a00000000115
//! Revises: a00000000114
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000115",
    down_revision = "a00000000114",
    message = "data 0115"
)]
pub struct Data0115;

impl Migration for Data0115 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000115").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000115").await
    }
}
