//! data 0112
//!
//! Revision ID: a00000000112
//! Revises: a00000000111
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000112",
    down_revision = "a00000000111",
    message = "data 0112"
)]
pub struct Data0112;

impl Migration for Data0112 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000112").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000112").await
    }
}
