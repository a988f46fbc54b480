//! data 0111
//!
//! Revision ID: a00000000111
//! Revises: a00000000110
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000111",
    down_revision = "a00000000110",
    message = "data 0111"
)]
pub struct Data0111;

impl Migration for Data0111 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000111").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000111").await
    }
}
