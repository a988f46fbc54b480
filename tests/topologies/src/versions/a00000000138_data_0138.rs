//! data 0138
//!
//! Revision ID: a00000000138
//! Revises: a00000000137
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000138",
    down_revision = "a00000000137",
    message = "data 0138"
)]
pub struct Data0138;

impl Migration for Data0138 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000138").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000138").await
    }
}
