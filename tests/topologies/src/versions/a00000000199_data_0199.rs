//! data 0199
//!
//! Revision ID: a00000000199
//! Revises: a00000000198
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000199",
    down_revision = "a00000000198",
    message = "data 0199"
)]
pub struct Data0199;

impl Migration for Data0199 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000199").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000199").await
    }
}
