//! data 0051
//!
//! Revision ID: a00000000051
//! Revises: a00000000050
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000051",
    down_revision = "a00000000050",
    message = "data 0051"
)]
pub struct Data0051;

impl Migration for Data0051 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000051").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000051").await
    }
}
