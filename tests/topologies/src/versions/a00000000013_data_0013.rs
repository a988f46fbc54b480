//! data 0013
//!
//! Revision ID: a00000000013
//! Revises: a00000000012
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000013",
    down_revision = "a00000000012",
    message = "data 0013"
)]
pub struct Data0013;

impl Migration for Data0013 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000013").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000013").await
    }
}
