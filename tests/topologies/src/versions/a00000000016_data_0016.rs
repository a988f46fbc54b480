//! data 0016
//!
//! Revision ID: a00000000016
//! Revises: a00000000015
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000016",
    down_revision = "a00000000015",
    message = "data 0016"
)]
pub struct Data0016;

impl Migration for Data0016 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000016").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000016").await
    }
}
