//! data 0026
//!
//! Revision ID: a00000000026
//! Revises: a00000000025
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000026",
    down_revision = "a00000000025",
    message = "data 0026"
)]
pub struct Data0026;

impl Migration for Data0026 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000026").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000026").await
    }
}
