//! data 0170
//!
//! Revision ID: a00000000170
//! Revises: a00000000169
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000170",
    down_revision = "a00000000169",
    message = "data 0170"
)]
pub struct Data0170;

impl Migration for Data0170 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000170").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000170").await
    }
}
