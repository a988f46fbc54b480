//! data 0135
//!
//! Revision ID: a00000000135
//! Revises: a00000000134
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000135",
    down_revision = "a00000000134",
    message = "data 0135"
)]
pub struct Data0135;

impl Migration for Data0135 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000135").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000135").await
    }
}
