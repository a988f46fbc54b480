//! data 0164
//!
//! Revision ID: a00000000164
//! Revises: a00000000163
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000164",
    down_revision = "a00000000163",
    message = "data 0164"
)]
pub struct Data0164;

impl Migration for Data0164 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000164").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000164").await
    }
}
