//! data 0055
//!
//! Revision ID: a00000000055
//! Revises: a00000000054
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000055",
    down_revision = "a00000000054",
    message = "data 0055"
)]
pub struct Data0055;

impl Migration for Data0055 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000055").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000055").await
    }
}
