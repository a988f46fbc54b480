//! data 0143
//!
//! Revision ID: a00000000143
//! Revises: a00000000142
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000143",
    down_revision = "a00000000142",
    message = "data 0143"
)]
pub struct Data0143;

impl Migration for Data0143 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000143").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000143").await
    }
}
