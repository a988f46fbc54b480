//! data 0154
//!
//! Revision ID: a00000000154
//! Revises: a00000000153
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000154",
    down_revision = "a00000000153",
    message = "data 0154"
)]
pub struct Data0154;

impl Migration for Data0154 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000154").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000154").await
    }
}
