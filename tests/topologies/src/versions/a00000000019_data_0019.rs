//! data 0019
//!
//! Revision ID: a00000000019
//! Revises: a00000000018
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000019",
    down_revision = "a00000000018",
    message = "data 0019"
)]
pub struct Data0019;

impl Migration for Data0019 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000019").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000019").await
    }
}
