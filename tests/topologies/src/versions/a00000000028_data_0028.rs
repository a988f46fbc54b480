//! data 0028
//!
//! Revision ID: a00000000028
//! Revises: a00000000027
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000028",
    down_revision = "a00000000027",
    message = "data 0028"
)]
pub struct Data0028;

impl Migration for Data0028 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000028").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000028").await
    }
}
