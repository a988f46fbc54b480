//! data 0070
//!
//! Revision ID: a00000000070
//! Revises: a00000000069
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000070",
    down_revision = "a00000000069",
    message = "data 0070"
)]
pub struct Data0070;

impl Migration for Data0070 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000070").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000070").await
    }
}
