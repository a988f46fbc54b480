//! data 0125 and index ix_applied_0125, outside a transaction
//!
//! Revision ID: a00000000125
//! Revises: a00000000124
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000125",
    down_revision = "a00000000124",
    message = "data 0125 and index ix_applied_0125, outside a transaction", transactional = false
)]
pub struct Data0125;

impl Migration for Data0125 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index_concurrently(Index::create().name("ix_applied_0125").table("applied").col("revision"))
            .await?;
        crate::record(op, "a00000000125").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_applied_0125").table("applied")).await?;
        crate::unrecord(op, "a00000000125").await
    }
}
