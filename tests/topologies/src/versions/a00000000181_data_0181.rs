//! data 0181
//!
//! Revision ID: a00000000181
//! Revises: a00000000180
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000181",
    down_revision = "a00000000180",
    message = "data 0181"
)]
pub struct Data0181;

impl Migration for Data0181 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000181").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000181").await
    }
}
