//! data 0158
//!
//! Revision ID: a00000000158
//! Revises: a00000000157
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000158",
    down_revision = "a00000000157",
    message = "data 0158"
)]
pub struct Data0158;

impl Migration for Data0158 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000158").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000158").await
    }
}
