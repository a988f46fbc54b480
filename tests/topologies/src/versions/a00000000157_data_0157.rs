//! data 0157
//!
//! Revision ID: a00000000157
//! Revises: a00000000156
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000157",
    down_revision = "a00000000156",
    message = "data 0157"
)]
pub struct Data0157;

impl Migration for Data0157 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000157").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000157").await
    }
}
