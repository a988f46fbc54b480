//! data 0129
//!
//! Revision ID: a00000000129
//! Revises: a00000000128
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000129",
    down_revision = "a00000000128",
    message = "data 0129"
)]
pub struct Data0129;

impl Migration for Data0129 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000129").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000129").await
    }
}
