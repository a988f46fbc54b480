//! data 0119
//!
//! Revision ID: a00000000119
//! Revises: a00000000118
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000119",
    down_revision = "a00000000118",
    message = "data 0119"
)]
pub struct Data0119;

impl Migration for Data0119 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000119").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000119").await
    }
}
