//! data 0162
//!
//! Revision ID: a00000000162
//! Revises: a00000000161
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000162",
    down_revision = "a00000000161",
    message = "data 0162"
)]
pub struct Data0162;

impl Migration for Data0162 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000162").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000162").await
    }
}
