//! data 0044
//!
//! Revision ID: a00000000044
//! Revises: a00000000043
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000044",
    down_revision = "a00000000043",
    message = "data 0044"
)]
pub struct Data0044;

impl Migration for Data0044 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000044").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000044").await
    }
}
