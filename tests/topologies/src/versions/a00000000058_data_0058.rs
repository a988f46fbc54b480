//! data 0058
//!
//! Revision ID: a00000000058
//! Revises: a00000000057
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000058",
    down_revision = "a00000000057",
    message = "data 0058"
)]
pub struct Data0058;

impl Migration for Data0058 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000058").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000058").await
    }
}
