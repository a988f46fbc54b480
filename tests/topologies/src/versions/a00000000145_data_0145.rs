//! data 0145
//!
//! Revision ID: a00000000145
//! Revises: a00000000144
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000145",
    down_revision = "a00000000144",
    message = "data 0145"
)]
pub struct Data0145;

impl Migration for Data0145 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000145").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000145").await
    }
}
