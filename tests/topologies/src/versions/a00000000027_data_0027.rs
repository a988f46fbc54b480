//! data 0027
//!
//! Revision ID: a00000000027
//! Revises: a00000000026
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000027",
    down_revision = "a00000000026",
    message = "data 0027"
)]
pub struct Data0027;

impl Migration for Data0027 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000027").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000027").await
    }
}
