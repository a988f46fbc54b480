//! data 0076
//!
//! Revision ID: a00000000076
//! Revises: a00000000075
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000076",
    down_revision = "a00000000075",
    message = "data 0076"
)]
pub struct Data0076;

impl Migration for Data0076 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000076").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000076").await
    }
}
