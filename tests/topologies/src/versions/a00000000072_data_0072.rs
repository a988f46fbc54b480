//! data 0072
//!
//! Revision ID: a00000000072
//! Revises: a00000000071
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000072",
    down_revision = "a00000000071",
    message = "data 0072"
)]
pub struct Data0072;

impl Migration for Data0072 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000072").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000072").await
    }
}
