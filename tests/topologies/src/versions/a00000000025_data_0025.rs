//! data 0025 and index ix_applied_0025, outside a transaction
//!
//! Revision ID: a00000000025
//! Revises: a00000000024
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000025",
    down_revision = "a00000000024",
    message = "data 0025 and index ix_applied_0025, outside a transaction", transactional = false
)]
pub struct Data0025;

impl Migration for Data0025 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index_concurrently(Index::create().name("ix_applied_0025").table("applied").col("revision"))
            .await?;
        crate::record(op, "a00000000025").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_applied_0025").table("applied")).await?;
        crate::unrecord(op, "a00000000025").await
    }
}
