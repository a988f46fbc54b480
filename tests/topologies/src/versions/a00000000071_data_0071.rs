//! data 0071
//!
//! Revision ID: a00000000071
//! Revises: a00000000070
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000071",
    down_revision = "a00000000070",
    message = "data 0071"
)]
pub struct Data0071;

impl Migration for Data0071 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000071").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000071").await
    }
}
