//! data 0122
//!
//! Revision ID: a00000000122
//! Revises: a00000000121
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000122",
    down_revision = "a00000000121",
    message = "data 0122"
)]
pub struct Data0122;

impl Migration for Data0122 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000122").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000122").await
    }
}
