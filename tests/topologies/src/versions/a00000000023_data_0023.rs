//! data 0023
//!
//! Revision ID: a00000000023
//! Revises: a00000000022
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000023",
    down_revision = "a00000000022",
    message = "data 0023"
)]
pub struct Data0023;

impl Migration for Data0023 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000023").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000023").await
    }
}
