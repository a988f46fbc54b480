//! data 0196
//!
//! Revision ID: a00000000196
//! Revises: a00000000195
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000196",
    down_revision = "a00000000195",
    message = "data 0196"
)]
pub struct Data0196;

impl Migration for Data0196 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000196").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000196").await
    }
}
