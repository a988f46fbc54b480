//! data 0137
//!
//! Revision ID: a00000000137
//! Revises: a00000000136
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000137",
    down_revision = "a00000000136",
    message = "data 0137"
)]
pub struct Data0137;

impl Migration for Data0137 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000137").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000137").await
    }
}
