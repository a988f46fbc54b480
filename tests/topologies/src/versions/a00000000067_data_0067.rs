//! data 0067
//!
//! Revision ID: a00000000067
//! Revises: a00000000066
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000067",
    down_revision = "a00000000066",
    message = "data 0067"
)]
pub struct Data0067;

impl Migration for Data0067 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000067").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000067").await
    }
}
