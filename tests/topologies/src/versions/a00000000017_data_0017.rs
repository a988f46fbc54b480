//! data 0017
//!
//! Revision ID: a00000000017
//! Revises: a00000000016
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000017",
    down_revision = "a00000000016",
    message = "data 0017"
)]
pub struct Data0017;

impl Migration for Data0017 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000017").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000017").await
    }
}
