//! data 0108
//!
//! Revision ID: a00000000108
//! Revises: a00000000107
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000108",
    down_revision = "a00000000107",
    message = "data 0108"
)]
pub struct Data0108;

impl Migration for Data0108 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000108").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000108").await
    }
}
