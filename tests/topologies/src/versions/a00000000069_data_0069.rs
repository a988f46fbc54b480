//! data 0069
//!
//! Revision ID: a00000000069
//! Revises: a00000000068
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000069",
    down_revision = "a00000000068",
    message = "data 0069"
)]
pub struct Data0069;

impl Migration for Data0069 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000069").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000069").await
    }
}
