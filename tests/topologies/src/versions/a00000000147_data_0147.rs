//! data 0147
//!
//! Revision ID: a00000000147
//! Revises: a00000000146
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000147",
    down_revision = "a00000000146",
    message = "data 0147"
)]
pub struct Data0147;

impl Migration for Data0147 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000147").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000147").await
    }
}
