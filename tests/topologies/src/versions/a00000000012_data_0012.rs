//! data 0012
//!
//! Revision ID: a00000000012
//! Revises: a00000000011
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000012",
    down_revision = "a00000000011",
    message = "data 0012"
)]
pub struct Data0012;

impl Migration for Data0012 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000012").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000012").await
    }
}
