//! data 0077
//!
//! Revision ID: a00000000077
//! Revises: a00000000076
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000077",
    down_revision = "a00000000076",
    message = "data 0077"
)]
pub struct Data0077;

impl Migration for Data0077 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000077").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000077").await
    }
}
