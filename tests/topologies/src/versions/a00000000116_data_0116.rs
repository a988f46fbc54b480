//! data 0116
//!
//! Revision ID: a00000000116
//! Revises: a00000000115
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000116",
    down_revision = "a00000000115",
    message = "data 0116"
)]
pub struct Data0116;

impl Migration for Data0116 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000116").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000116").await
    }
}
