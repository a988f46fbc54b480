//! data 0173
//!
//! Revision ID: a00000000173
//! Revises: a00000000172
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000173",
    down_revision = "a00000000172",
    message = "data 0173"
)]
pub struct Data0173;

impl Migration for Data0173 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000173").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000173").await
    }
}
