//! data 0165
//!
//! Revision ID: a00000000165
//! Revises: a00000000164
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000165",
    down_revision = "a00000000164",
    message = "data 0165"
)]
pub struct Data0165;

impl Migration for Data0165 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000165").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000165").await
    }
}
