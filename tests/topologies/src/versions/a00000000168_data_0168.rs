//! data 0168
//!
//! Revision ID: a00000000168
//! Revises: a00000000167
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000168",
    down_revision = "a00000000167",
    message = "data 0168"
)]
pub struct Data0168;

impl Migration for Data0168 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000168").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000168").await
    }
}
