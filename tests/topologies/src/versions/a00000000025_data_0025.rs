//! data 0025
//!
//! Revision ID: a00000000025
//! Revises: a00000000024
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(revision = "a00000000025", down_revision = "a00000000024", message = "data 0025")]
pub struct Data0025;

impl Migration for Data0025 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000025").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000025").await
    }
}
