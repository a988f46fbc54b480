//! data 0074
//!
//! Revision ID: a00000000074
//! Revises: a00000000073
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000074",
    down_revision = "a00000000073",
    message = "data 0074"
)]
pub struct Data0074;

impl Migration for Data0074 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000074").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000074").await
    }
}
