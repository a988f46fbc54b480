//! data 0113
//!
//! Revision ID: a00000000113
//! Revises: a00000000112
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000113",
    down_revision = "a00000000112",
    message = "data 0113"
)]
pub struct Data0113;

impl Migration for Data0113 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000113").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000113").await
    }
}
