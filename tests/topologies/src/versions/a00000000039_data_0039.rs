//! data 0039
//!
//! Revision ID: a00000000039
//! Revises: a00000000038
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000039",
    down_revision = "a00000000038",
    message = "data 0039"
)]
pub struct Data0039;

impl Migration for Data0039 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000039").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000039").await
    }
}
