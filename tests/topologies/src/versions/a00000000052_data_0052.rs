//! data 0052
//!
//! Revision ID: a00000000052
//! Revises: a00000000051
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000052",
    down_revision = "a00000000051",
    message = "data 0052"
)]
pub struct Data0052;

impl Migration for Data0052 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000052").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000052").await
    }
}
