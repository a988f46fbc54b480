//! data 0035
//!
//! Revision ID: a00000000035
//! Revises: a00000000034
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000035",
    down_revision = "a00000000034",
    message = "data 0035"
)]
pub struct Data0035;

impl Migration for Data0035 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000035").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000035").await
    }
}
