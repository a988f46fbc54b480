//! data 0159
//!
//! Revision ID: a00000000159
//! Revises: a00000000158
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000159",
    down_revision = "a00000000158",
    message = "data 0159"
)]
pub struct Data0159;

impl Migration for Data0159 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000159").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000159").await
    }
}
