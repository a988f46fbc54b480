//! data 0103
//!
//! Revision ID: a00000000103
//! Revises: a00000000102
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000103",
    down_revision = "a00000000102",
    message = "data 0103"
)]
pub struct Data0103;

impl Migration for Data0103 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000103").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000103").await
    }
}
