//! data 0107
//!
//! Revision ID: a00000000107
//! Revises: a00000000106
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000107",
    down_revision = "a00000000106",
    message = "data 0107"
)]
pub struct Data0107;

impl Migration for Data0107 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000107").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000107").await
    }
}
