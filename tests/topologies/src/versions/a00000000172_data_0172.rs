//! data 0172
//!
//! Revision ID: a00000000172
//! Revises: a00000000171
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000172",
    down_revision = "a00000000171",
    message = "data 0172"
)]
pub struct Data0172;

impl Migration for Data0172 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000172").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000172").await
    }
}
