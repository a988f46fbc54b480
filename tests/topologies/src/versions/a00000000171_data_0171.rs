//! data 0171
//!
//! Revision ID: a00000000171
//! Revises: a00000000170
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000171",
    down_revision = "a00000000170",
    message = "data 0171"
)]
pub struct Data0171;

impl Migration for Data0171 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000171").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000171").await
    }
}
