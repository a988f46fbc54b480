//! data 0093
//!
//! Revision ID: a00000000093
//! Revises: a00000000092
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000093",
    down_revision = "a00000000092",
    message = "data 0093"
)]
pub struct Data0093;

impl Migration for Data0093 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000093").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000093").await
    }
}
