//! data 0006
//!
//! Revision ID: a00000000006
//! Revises: a00000000005
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000006",
    down_revision = "a00000000005",
    message = "data 0006"
)]
pub struct Data0006;

impl Migration for Data0006 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000006").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000006").await
    }
}
