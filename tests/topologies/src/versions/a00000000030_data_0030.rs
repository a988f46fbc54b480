//! data 0030
//!
//! Revision ID: a00000000030
//! Revises: a00000000029
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000030",
    down_revision = "a00000000029",
    message = "data 0030"
)]
pub struct Data0030;

impl Migration for Data0030 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000030").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000030").await
    }
}
