//! data 0148
//!
//! Revision ID: a00000000148
//! Revises: a00000000147
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000148",
    down_revision = "a00000000147",
    message = "data 0148"
)]
pub struct Data0148;

impl Migration for Data0148 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000148").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000148").await
    }
}
