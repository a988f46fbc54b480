//! data 0089
//!
//! Revision ID: a00000000089
//! Revises: a00000000088
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000089",
    down_revision = "a00000000088",
    message = "data 0089"
)]
pub struct Data0089;

impl Migration for Data0089 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000089").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000089").await
    }
}
