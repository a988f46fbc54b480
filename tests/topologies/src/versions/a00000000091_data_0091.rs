//! data 0091
//!
//! Revision ID: a00000000091
//! Revises: a00000000090
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000091",
    down_revision = "a00000000090",
    message = "data 0091"
)]
pub struct Data0091;

impl Migration for Data0091 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000091").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000091").await
    }
}
