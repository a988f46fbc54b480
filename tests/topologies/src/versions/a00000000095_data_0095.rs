//! data 0095
//!
//! Revision ID: a00000000095
//! Revises: a00000000094
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000095",
    down_revision = "a00000000094",
    message = "data 0095"
)]
pub struct Data0095;

impl Migration for Data0095 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000095").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000095").await
    }
}
