//! data 0110
//!
//! Revision ID: a00000000110
//! Revises: a00000000109
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000110",
    down_revision = "a00000000109",
    message = "data 0110"
)]
pub struct Data0110;

impl Migration for Data0110 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000110").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000110").await
    }
}
