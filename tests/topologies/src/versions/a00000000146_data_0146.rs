//! data 0146
//!
//! Revision ID: a00000000146
//! Revises: a00000000145
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000146",
    down_revision = "a00000000145",
    message = "data 0146"
)]
pub struct Data0146;

impl Migration for Data0146 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000146").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000146").await
    }
}
