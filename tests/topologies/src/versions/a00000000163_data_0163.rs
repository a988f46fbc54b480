//! data 0163
//!
//! Revision ID: a00000000163
//! Revises: a00000000162
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000163",
    down_revision = "a00000000162",
    message = "data 0163"
)]
pub struct Data0163;

impl Migration for Data0163 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000163").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000163").await
    }
}
