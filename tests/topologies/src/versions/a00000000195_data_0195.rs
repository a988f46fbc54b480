//! data 0195
//!
//! Revision ID: a00000000195
//! Revises: a00000000194
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000195",
    down_revision = "a00000000194",
    message = "data 0195"
)]
pub struct Data0195;

impl Migration for Data0195 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000195").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000195").await
    }
}
