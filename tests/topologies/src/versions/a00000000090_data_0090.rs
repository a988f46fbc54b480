//! data 0090
//!
//! Revision ID: a00000000090
//! Revises: a00000000089
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000090",
    down_revision = "a00000000089",
    message = "data 0090"
)]
pub struct Data0090;

impl Migration for Data0090 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000090").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000090").await
    }
}
