//! data 0034
//!
//! Revision ID: a00000000034
//! Revises: a00000000033
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000034",
    down_revision = "a00000000033",
    message = "data 0034"
)]
pub struct Data0034;

impl Migration for Data0034 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000034").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000034").await
    }
}
