//! data 0004
//!
//! Revision ID: a00000000004
//! Revises: a00000000003
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000004",
    down_revision = "a00000000003",
    message = "data 0004"
)]
pub struct Data0004;

impl Migration for Data0004 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000004").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000004").await
    }
}
