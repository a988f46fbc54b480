//! data 0024
//!
//! Revision ID: a00000000024
//! Revises: a00000000023
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000024",
    down_revision = "a00000000023",
    message = "data 0024"
)]
pub struct Data0024;

impl Migration for Data0024 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000024").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000024").await
    }
}
