//! data 0152
//!
//! Revision ID: a00000000152
//! Revises: a00000000151
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000152",
    down_revision = "a00000000151",
    message = "data 0152"
)]
pub struct Data0152;

impl Migration for Data0152 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000152").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000152").await
    }
}
