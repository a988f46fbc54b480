//! data 0141
//!
//! Revision ID: a00000000141
//! Revises: a00000000140
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000141",
    down_revision = "a00000000140",
    message = "data 0141"
)]
pub struct Data0141;

impl Migration for Data0141 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000141").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000141").await
    }
}
