//! data 0130
//!
//! Revision ID: a00000000130
//! Revises: a00000000129
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000130",
    down_revision = "a00000000129",
    message = "data 0130"
)]
pub struct Data0130;

impl Migration for Data0130 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000130").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000130").await
    }
}
