//! data 0086
//!
//! Revision ID: a00000000086
//! Revises: a00000000085
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000086",
    down_revision = "a00000000085",
    message = "data 0086"
)]
pub struct Data0086;

impl Migration for Data0086 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000086").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000086").await
    }
}
