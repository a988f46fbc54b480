//! data 0011
//!
//! Revision ID: a00000000011
//! Revises: a00000000010
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000011",
    down_revision = "a00000000010",
    message = "data 0011"
)]
pub struct Data0011;

impl Migration for Data0011 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000011").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000011").await
    }
}
