//! data 0064
//!
//! Revision ID: a00000000064
//! Revises: a00000000063
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000064",
    down_revision = "a00000000063",
    message = "data 0064"
)]
pub struct Data0064;

impl Migration for Data0064 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000064").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000064").await
    }
}
