//! data 0099
//!
//! Revision ID: a00000000099
//! Revises: a00000000098
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000099",
    down_revision = "a00000000098",
    message = "data 0099"
)]
pub struct Data0099;

impl Migration for Data0099 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000099").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000099").await
    }
}
