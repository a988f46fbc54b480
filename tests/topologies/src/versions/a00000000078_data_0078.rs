//! data 0078
//!
//! Revision ID: a00000000078
//! Revises: a00000000077
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000078",
    down_revision = "a00000000077",
    message = "data 0078"
)]
pub struct Data0078;

impl Migration for Data0078 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000078").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000078").await
    }
}
