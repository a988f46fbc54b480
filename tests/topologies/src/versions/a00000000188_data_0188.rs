//! data 0188
//!
//! Revision ID: a00000000188
//! Revises: a00000000187
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000188",
    down_revision = "a00000000187",
    message = "data 0188"
)]
pub struct Data0188;

impl Migration for Data0188 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000188").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000188").await
    }
}
