//! data 0126
//!
//! Revision ID: a00000000126
//! Revises: a00000000125
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000126",
    down_revision = "a00000000125",
    message = "data 0126"
)]
pub struct Data0126;

impl Migration for Data0126 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000126").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000126").await
    }
}
