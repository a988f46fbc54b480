//! data 0128
//!
//! Revision ID: a00000000128
//! Revises: a00000000127
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000128",
    down_revision = "a00000000127",
    message = "data 0128"
)]
pub struct Data0128;

impl Migration for Data0128 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000128").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000128").await
    }
}
