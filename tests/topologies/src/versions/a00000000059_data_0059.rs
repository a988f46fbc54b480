//! data 0059
//!
//! Revision ID: a00000000059
//! Revises: a00000000058
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000059",
    down_revision = "a00000000058",
    message = "data 0059"
)]
pub struct Data0059;

impl Migration for Data0059 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000059").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000059").await
    }
}
