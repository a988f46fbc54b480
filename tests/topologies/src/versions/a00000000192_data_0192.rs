//! data 0192
//!
//! Revision ID: a00000000192
//! Revises: a00000000191
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000192",
    down_revision = "a00000000191",
    message = "data 0192"
)]
pub struct Data0192;

impl Migration for Data0192 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000192").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000192").await
    }
}
