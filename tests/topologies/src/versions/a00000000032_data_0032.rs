//! data 0032
//!
//! Revision ID: a00000000032
//! Revises: a00000000031
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000032",
    down_revision = "a00000000031",
    message = "data 0032"
)]
pub struct Data0032;

impl Migration for Data0032 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000032").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000032").await
    }
}
