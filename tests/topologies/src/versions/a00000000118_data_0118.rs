//! data 0118
//!
//! Revision ID: a00000000118
//! Revises: a00000000117
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000118",
    down_revision = "a00000000117",
    message = "data 0118"
)]
pub struct Data0118;

impl Migration for Data0118 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000118").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000118").await
    }
}
