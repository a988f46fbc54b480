//! data 0151
//!
//! Revision ID: a00000000151
//! Revises: a00000000150
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000151",
    down_revision = "a00000000150",
    message = "data 0151"
)]
pub struct Data0151;

impl Migration for Data0151 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000151").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000151").await
    }
}
