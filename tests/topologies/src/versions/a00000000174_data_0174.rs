//! data 0174
//!
//! Revision ID: a00000000174
//! Revises: a00000000173
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000174",
    down_revision = "a00000000173",
    message = "data 0174"
)]
pub struct Data0174;

impl Migration for Data0174 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000174").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000174").await
    }
}
