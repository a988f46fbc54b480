//! data 0133
//!
//! Revision ID: a00000000133
//! Revises: a00000000132
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000133",
    down_revision = "a00000000132",
    message = "data 0133"
)]
pub struct Data0133;

impl Migration for Data0133 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000133").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000133").await
    }
}
