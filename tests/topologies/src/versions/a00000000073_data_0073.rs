//! data 0073
//!
//! Revision ID: a00000000073
//! Revises: a00000000072
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000073",
    down_revision = "a00000000072",
    message = "data 0073"
)]
pub struct Data0073;

impl Migration for Data0073 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000073").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000073").await
    }
}
