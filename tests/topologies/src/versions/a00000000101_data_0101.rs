//! data 0101
//!
//! Revision ID: a00000000101
//! Revises: a00000000100
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000101",
    down_revision = "a00000000100",
    message = "data 0101"
)]
pub struct Data0101;

impl Migration for Data0101 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000101").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000101").await
    }
}
