//! data 0029
//!
//! Revision ID: a00000000029
//! Revises: a00000000028
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000029",
    down_revision = "a00000000028",
    message = "data 0029"
)]
pub struct Data0029;

impl Migration for Data0029 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000029").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000029").await
    }
}
