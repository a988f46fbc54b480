//! data 0117
//!
//! Revision ID: a00000000117
//! Revises: a00000000116
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000117",
    down_revision = "a00000000116",
    message = "data 0117"
)]
pub struct Data0117;

impl Migration for Data0117 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000117").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000117").await
    }
}
