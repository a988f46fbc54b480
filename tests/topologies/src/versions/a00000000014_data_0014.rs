//! data 0014
//!
//! Revision ID: a00000000014
//! Revises: a00000000013
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000014",
    down_revision = "a00000000013",
    message = "data 0014"
)]
pub struct Data0014;

impl Migration for Data0014 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000014").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000014").await
    }
}
