//! data 0082
//!
//! Revision ID: a00000000082
//! Revises: a00000000081
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000082",
    down_revision = "a00000000081",
    message = "data 0082"
)]
pub struct Data0082;

impl Migration for Data0082 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000082").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000082").await
    }
}
