//! data 0114
//!
//! Revision ID: a00000000114
//! Revises: a00000000113
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000114",
    down_revision = "a00000000113",
    message = "data 0114"
)]
pub struct Data0114;

impl Migration for Data0114 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000114").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000114").await
    }
}
