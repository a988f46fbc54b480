//! data 0007
//!
//! Revision ID: a00000000007
//! Revises: a00000000006
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000007",
    down_revision = "a00000000006",
    message = "data 0007"
)]
pub struct Data0007;

impl Migration for Data0007 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000007").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000007").await
    }
}
