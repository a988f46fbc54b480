//! data 0150
//!
//! Revision ID: a00000000150
//! Revises: a00000000149
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000150",
    down_revision = "a00000000149",
    message = "data 0150"
)]
pub struct Data0150;

impl Migration for Data0150 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000150").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000150").await
    }
}
