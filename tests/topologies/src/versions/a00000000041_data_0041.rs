//! data 0041
//!
//! Revision ID: a00000000041
//! Revises: a00000000040
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000041",
    down_revision = "a00000000040",
    message = "data 0041"
)]
pub struct Data0041;

impl Migration for Data0041 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000041").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000041").await
    }
}
