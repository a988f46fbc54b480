//! data 0156
//!
//! Revision ID: a00000000156
//! Revises: a00000000155
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000156",
    down_revision = "a00000000155",
    message = "data 0156"
)]
pub struct Data0156;

impl Migration for Data0156 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000156").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000156").await
    }
}
