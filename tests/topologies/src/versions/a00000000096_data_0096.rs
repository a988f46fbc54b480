//! data 0096
//!
//! Revision ID: a00000000096
//! Revises: a00000000095
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000096",
    down_revision = "a00000000095",
    message = "data 0096"
)]
pub struct Data0096;

impl Migration for Data0096 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000096").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000096").await
    }
}
