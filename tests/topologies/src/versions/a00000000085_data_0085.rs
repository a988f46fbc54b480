//! data 0085
//!
//! Revision ID: a00000000085
//! Revises: a00000000084
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000085",
    down_revision = "a00000000084",
    message = "data 0085"
)]
pub struct Data0085;

impl Migration for Data0085 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000085").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000085").await
    }
}
