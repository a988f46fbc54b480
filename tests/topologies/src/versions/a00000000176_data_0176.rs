//! data 0176
//!
//! Revision ID: a00000000176
//! Revises: a00000000175
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000176",
    down_revision = "a00000000175",
    message = "data 0176"
)]
pub struct Data0176;

impl Migration for Data0176 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000176").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000176").await
    }
}
