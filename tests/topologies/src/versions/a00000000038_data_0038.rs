//! data 0038
//!
//! Revision ID: a00000000038
//! Revises: a00000000037
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000038",
    down_revision = "a00000000037",
    message = "data 0038"
)]
pub struct Data0038;

impl Migration for Data0038 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000038").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000038").await
    }
}
