//! data 0125
//!
//! Revision ID: a00000000125
//! Revises: a00000000124
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(revision = "a00000000125", down_revision = "a00000000124", message = "data 0125")]
pub struct Data0125;

impl Migration for Data0125 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000125").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000125").await
    }
}
