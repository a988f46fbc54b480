//! data 0123
//!
//! Revision ID: a00000000123
//! Revises: a00000000122
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000123",
    down_revision = "a00000000122",
    message = "data 0123"
)]
pub struct Data0123;

impl Migration for Data0123 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000123").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000123").await
    }
}
