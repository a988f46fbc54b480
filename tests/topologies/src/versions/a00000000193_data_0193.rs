//! data 0193
//!
//! Revision ID: a00000000193
//! Revises: a00000000192
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000193",
    down_revision = "a00000000192",
    message = "data 0193"
)]
pub struct Data0193;

impl Migration for Data0193 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000193").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000193").await
    }
}
