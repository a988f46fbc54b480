//! data 0166
//!
//! Revision ID: a00000000166
//! Revises: a00000000165
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000166",
    down_revision = "a00000000165",
    message = "data 0166"
)]
pub struct Data0166;

impl Migration for Data0166 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000166").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000166").await
    }
}
