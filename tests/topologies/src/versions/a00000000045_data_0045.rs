//! data 0045
//!
//! Revision ID: a00000000045
//! Revises: a00000000044
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000045",
    down_revision = "a00000000044",
    message = "data 0045"
)]
pub struct Data0045;

impl Migration for Data0045 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000045").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000045").await
    }
}
