//! data 0057
//!
//! Revision ID: a00000000057
//! Revises: a00000000056
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000057",
    down_revision = "a00000000056",
    message = "data 0057"
)]
pub struct Data0057;

impl Migration for Data0057 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000057").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000057").await
    }
}
