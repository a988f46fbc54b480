//! data 0036
//!
//! Revision ID: a00000000036
//! Revises: a00000000035
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000036",
    down_revision = "a00000000035",
    message = "data 0036"
)]
pub struct Data0036;

impl Migration for Data0036 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000036").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000036").await
    }
}
