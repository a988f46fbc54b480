//! data 0198
//!
//! Revision ID: a00000000198
//! Revises: a00000000197
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000198",
    down_revision = "a00000000197",
    message = "data 0198"
)]
pub struct Data0198;

impl Migration for Data0198 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000198").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000198").await
    }
}
