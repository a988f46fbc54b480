//! data 0056
//!
//! Revision ID: a00000000056
//! Revises: a00000000055
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000056",
    down_revision = "a00000000055",
    message = "data 0056"
)]
pub struct Data0056;

impl Migration for Data0056 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000056").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000056").await
    }
}
