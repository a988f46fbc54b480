//! data 0043
//!
//! Revision ID: a00000000043
//! Revises: a00000000042
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000043",
    down_revision = "a00000000042",
    message = "data 0043"
)]
pub struct Data0043;

impl Migration for Data0043 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000043").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000043").await
    }
}
