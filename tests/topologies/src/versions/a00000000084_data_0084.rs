//! data 0084
//!
//! Revision ID: a00000000084
//! Revises: a00000000083
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000084",
    down_revision = "a00000000083",
    message = "data 0084"
)]
pub struct Data0084;

impl Migration for Data0084 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000084").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000084").await
    }
}
