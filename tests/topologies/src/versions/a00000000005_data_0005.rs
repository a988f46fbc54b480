//! data 0005
//!
//! Revision ID: a00000000005
//! Revises: a00000000004
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000005",
    down_revision = "a00000000004",
    message = "data 0005"
)]
pub struct Data0005;

impl Migration for Data0005 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000005").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000005").await
    }
}
