//! data 0042
//!
//! Revision ID: a00000000042
//! Revises: a00000000041
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000042",
    down_revision = "a00000000041",
    message = "data 0042"
)]
pub struct Data0042;

impl Migration for Data0042 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000042").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000042").await
    }
}
