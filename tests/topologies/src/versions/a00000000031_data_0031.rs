//! data 0031
//!
//! Revision ID: a00000000031
//! Revises: a00000000030
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000031",
    down_revision = "a00000000030",
    message = "data 0031"
)]
pub struct Data0031;

impl Migration for Data0031 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000031").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000031").await
    }
}
