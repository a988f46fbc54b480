//! data 0037
//!
//! Revision ID: a00000000037
//! Revises: a00000000036
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000037",
    down_revision = "a00000000036",
    message = "data 0037"
)]
pub struct Data0037;

impl Migration for Data0037 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000037").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000037").await
    }
}
