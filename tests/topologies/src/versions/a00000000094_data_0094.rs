//! data 0094
//!
//! Revision ID: a00000000094
//! Revises: a00000000093
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000094",
    down_revision = "a00000000093",
    message = "data 0094"
)]
pub struct Data0094;

impl Migration for Data0094 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000094").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000094").await
    }
}
