//! data 0065
//!
//! Revision ID: a00000000065
//! Revises: a00000000064
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000065",
    down_revision = "a00000000064",
    message = "data 0065"
)]
pub struct Data0065;

impl Migration for Data0065 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000065").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000065").await
    }
}
