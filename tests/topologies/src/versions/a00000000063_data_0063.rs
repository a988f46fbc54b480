//! data 0063
//!
//! Revision ID: a00000000063
//! Revises: a00000000062
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000063",
    down_revision = "a00000000062",
    message = "data 0063"
)]
pub struct Data0063;

impl Migration for Data0063 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000063").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000063").await
    }
}
