//! data 0021
//!
//! Revision ID: a00000000021
//! Revises: a00000000020
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000021",
    down_revision = "a00000000020",
    message = "data 0021"
)]
pub struct Data0021;

impl Migration for Data0021 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000021").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000021").await
    }
}
