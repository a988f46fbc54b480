//! data 0061
//!
//! Revision ID: a00000000061
//! Revises: a00000000060
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000061",
    down_revision = "a00000000060",
    message = "data 0061"
)]
pub struct Data0061;

impl Migration for Data0061 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000061").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000061").await
    }
}
