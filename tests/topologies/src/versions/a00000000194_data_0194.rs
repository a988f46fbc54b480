//! data 0194
//!
//! Revision ID: a00000000194
//! Revises: a00000000193
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000194",
    down_revision = "a00000000193",
    message = "data 0194"
)]
pub struct Data0194;

impl Migration for Data0194 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000194").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000194").await
    }
}
