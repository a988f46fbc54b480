//! data 0049
//!
//! Revision ID: a00000000049
//! Revises: a00000000048
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000049",
    down_revision = "a00000000048",
    message = "data 0049"
)]
pub struct Data0049;

impl Migration for Data0049 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000049").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000049").await
    }
}
