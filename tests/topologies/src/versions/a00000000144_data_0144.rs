//! data 0144
//!
//! Revision ID: a00000000144
//! Revises: a00000000143
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000144",
    down_revision = "a00000000143",
    message = "data 0144"
)]
pub struct Data0144;

impl Migration for Data0144 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000144").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000144").await
    }
}
