//! data 0066
//!
//! Revision ID: a00000000066
//! Revises: a00000000065
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000066",
    down_revision = "a00000000065",
    message = "data 0066"
)]
pub struct Data0066;

impl Migration for Data0066 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000066").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000066").await
    }
}
