//! data 0102
//!
//! Revision ID: a00000000102
//! Revises: a00000000101
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000102",
    down_revision = "a00000000101",
    message = "data 0102"
)]
pub struct Data0102;

impl Migration for Data0102 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000102").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000102").await
    }
}
