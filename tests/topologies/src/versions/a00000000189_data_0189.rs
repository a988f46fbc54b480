//! data 0189
//!
//! Revision ID: a00000000189
//! Revises: a00000000188
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000189",
    down_revision = "a00000000188",
    message = "data 0189"
)]
pub struct Data0189;

impl Migration for Data0189 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000189").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000189").await
    }
}
