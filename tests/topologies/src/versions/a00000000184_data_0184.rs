//! data 0184
//!
//! Revision ID: a00000000184
//! Revises: a00000000183
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000184",
    down_revision = "a00000000183",
    message = "data 0184"
)]
pub struct Data0184;

impl Migration for Data0184 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000184").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000184").await
    }
}
