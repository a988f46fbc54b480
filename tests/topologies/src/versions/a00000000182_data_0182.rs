//! data 0182
//!
//! Revision ID: a00000000182
//! Revises: a00000000181
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000182",
    down_revision = "a00000000181",
    message = "data 0182"
)]
pub struct Data0182;

impl Migration for Data0182 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000182").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000182").await
    }
}
