//! data 0186
//!
//! Revision ID: a00000000186
//! Revises: a00000000185
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000186",
    down_revision = "a00000000185",
    message = "data 0186"
)]
pub struct Data0186;

impl Migration for Data0186 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000186").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000186").await
    }
}
