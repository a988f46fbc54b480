//! data 0050
//!
//! Revision ID: a00000000050
//! Revises: a00000000049
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000050",
    down_revision = "a00000000049",
    message = "data 0050"
)]
pub struct Data0050;

impl Migration for Data0050 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000050").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000050").await
    }
}
