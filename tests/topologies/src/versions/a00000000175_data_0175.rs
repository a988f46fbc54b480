//! data 0175 and index ix_applied_0175, outside a transaction
//!
//! Revision ID: a00000000175
//! Revises: a00000000174
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000175",
    down_revision = "a00000000174",
    message = "data 0175 and index ix_applied_0175, outside a transaction", transactional = false
)]
pub struct Data0175;

impl Migration for Data0175 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index_concurrently(Index::create().name("ix_applied_0175").table("applied").col("revision"))
            .await?;
        crate::record(op, "a00000000175").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_applied_0175").table("applied")).await?;
        crate::unrecord(op, "a00000000175").await
    }
}
