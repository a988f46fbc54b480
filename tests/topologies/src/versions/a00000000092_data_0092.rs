//! data 0092
//!
//! Revision ID: a00000000092
//! Revises: a00000000091
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000092",
    down_revision = "a00000000091",
    message = "data 0092"
)]
pub struct Data0092;

impl Migration for Data0092 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000092").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000092").await
    }
}
