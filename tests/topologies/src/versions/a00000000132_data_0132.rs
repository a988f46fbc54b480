//! data 0132
//!
//! Revision ID: a00000000132
//! Revises: a00000000131
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000132",
    down_revision = "a00000000131",
    message = "data 0132"
)]
pub struct Data0132;

impl Migration for Data0132 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000132").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000132").await
    }
}
