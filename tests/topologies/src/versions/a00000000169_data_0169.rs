//! data 0169
//!
//! Revision ID: a00000000169
//! Revises: a00000000168
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000169",
    down_revision = "a00000000168",
    message = "data 0169"
)]
pub struct Data0169;

impl Migration for Data0169 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000169").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000169").await
    }
}
