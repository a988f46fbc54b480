//! data 0167
//!
//! Revision ID: a00000000167
//! Revises: a00000000166
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000167",
    down_revision = "a00000000166",
    message = "data 0167"
)]
pub struct Data0167;

impl Migration for Data0167 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000167").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000167").await
    }
}
