//! data 0033
//!
//! Revision ID: a00000000033
//! Revises: a00000000032
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000033",
    down_revision = "a00000000032",
    message = "data 0033"
)]
pub struct Data0033;

impl Migration for Data0033 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000033").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000033").await
    }
}
