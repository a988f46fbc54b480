//! data 0098
//!
//! Revision ID: a00000000098
//! Revises: a00000000097
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000098",
    down_revision = "a00000000097",
    message = "data 0098"
)]
pub struct Data0098;

impl Migration for Data0098 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000098").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000098").await
    }
}
