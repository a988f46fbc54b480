//! data 0047
//!
//! Revision ID: a00000000047
//! Revises: a00000000046
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000047",
    down_revision = "a00000000046",
    message = "data 0047"
)]
pub struct Data0047;

impl Migration for Data0047 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000047").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000047").await
    }
}
