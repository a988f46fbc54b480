//! data 0131
//!
//! Revision ID: a00000000131
//! Revises: a00000000130
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000131",
    down_revision = "a00000000130",
    message = "data 0131"
)]
pub struct Data0131;

impl Migration for Data0131 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000131").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000131").await
    }
}
