//! data 0015
//!
//! Revision ID: a00000000015
//! Revises: a00000000014
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000015",
    down_revision = "a00000000014",
    message = "data 0015"
)]
pub struct Data0015;

impl Migration for Data0015 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000015").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000015").await
    }
}
