//! data 0139
//!
//! Revision ID: a00000000139
//! Revises: a00000000138
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000139",
    down_revision = "a00000000138",
    message = "data 0139"
)]
pub struct Data0139;

impl Migration for Data0139 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000139").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000139").await
    }
}
