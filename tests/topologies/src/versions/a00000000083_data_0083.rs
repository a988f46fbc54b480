//! data 0083
//!
//! Revision ID: a00000000083
//! Revises: a00000000082
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000083",
    down_revision = "a00000000082",
    message = "data 0083"
)]
pub struct Data0083;

impl Migration for Data0083 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000083").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000083").await
    }
}
