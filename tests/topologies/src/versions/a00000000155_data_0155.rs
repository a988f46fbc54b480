//! data 0155
//!
//! Revision ID: a00000000155
//! Revises: a00000000154
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000155",
    down_revision = "a00000000154",
    message = "data 0155"
)]
pub struct Data0155;

impl Migration for Data0155 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000155").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000155").await
    }
}
