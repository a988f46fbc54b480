//! data 0136
//!
//! Revision ID: a00000000136
//! Revises: a00000000135
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000136",
    down_revision = "a00000000135",
    message = "data 0136"
)]
pub struct Data0136;

impl Migration for Data0136 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000136").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000136").await
    }
}
