//! data 0097
//!
//! Revision ID: a00000000097
//! Revises: a00000000096
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000097",
    down_revision = "a00000000096",
    message = "data 0097"
)]
pub struct Data0097;

impl Migration for Data0097 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000097").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000097").await
    }
}
