//! data 0149
//!
//! Revision ID: a00000000149
//! Revises: a00000000148
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000149",
    down_revision = "a00000000148",
    message = "data 0149"
)]
pub struct Data0149;

impl Migration for Data0149 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000149").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000149").await
    }
}
