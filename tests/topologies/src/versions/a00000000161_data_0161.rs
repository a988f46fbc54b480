//! data 0161
//!
//! Revision ID: a00000000161
//! Revises: a00000000160
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000161",
    down_revision = "a00000000160",
    message = "data 0161"
)]
pub struct Data0161;

impl Migration for Data0161 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000161").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000161").await
    }
}
