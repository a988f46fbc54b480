//! data 0079
//!
//! Revision ID: a00000000079
//! Revises: a00000000078
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000079",
    down_revision = "a00000000078",
    message = "data 0079"
)]
pub struct Data0079;

impl Migration for Data0079 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000079").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000079").await
    }
}
