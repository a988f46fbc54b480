//! data 0046
//!
//! Revision ID: a00000000046
//! Revises: a00000000045
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000046",
    down_revision = "a00000000045",
    message = "data 0046"
)]
pub struct Data0046;

impl Migration for Data0046 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000046").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000046").await
    }
}
