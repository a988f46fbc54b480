//! data 0018
//!
//! Revision ID: a00000000018
//! Revises: a00000000017
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000018",
    down_revision = "a00000000017",
    message = "data 0018"
)]
pub struct Data0018;

impl Migration for Data0018 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000018").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000018").await
    }
}
