//! data 0134
//!
//! Revision ID: a00000000134
//! Revises: a00000000133
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000134",
    down_revision = "a00000000133",
    message = "data 0134"
)]
pub struct Data0134;

impl Migration for Data0134 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000134").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000134").await
    }
}
