//! data 0153
//!
//! Revision ID: a00000000153
//! Revises: a00000000152
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000153",
    down_revision = "a00000000152",
    message = "data 0153"
)]
pub struct Data0153;

impl Migration for Data0153 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000153").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000153").await
    }
}
