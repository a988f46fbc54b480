//! data 0124
//!
//! Revision ID: a00000000124
//! Revises: a00000000123
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000124",
    down_revision = "a00000000123",
    message = "data 0124"
)]
pub struct Data0124;

impl Migration for Data0124 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000124").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000124").await
    }
}
