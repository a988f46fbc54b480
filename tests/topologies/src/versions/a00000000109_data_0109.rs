//! data 0109
//!
//! Revision ID: a00000000109
//! Revises: a00000000108
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000109",
    down_revision = "a00000000108",
    message = "data 0109"
)]
pub struct Data0109;

impl Migration for Data0109 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000109").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000109").await
    }
}
