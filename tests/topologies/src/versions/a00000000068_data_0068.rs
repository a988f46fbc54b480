//! data 0068
//!
//! Revision ID: a00000000068
//! Revises: a00000000067
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000068",
    down_revision = "a00000000067",
    message = "data 0068"
)]
pub struct Data0068;

impl Migration for Data0068 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000068").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000068").await
    }
}
