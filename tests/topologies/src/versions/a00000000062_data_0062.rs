//! data 0062
//!
//! Revision ID: a00000000062
//! Revises: a00000000061
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000062",
    down_revision = "a00000000061",
    message = "data 0062"
)]
pub struct Data0062;

impl Migration for Data0062 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000062").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000062").await
    }
}
