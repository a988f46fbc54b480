//! index concurrently

use migrate_core::prelude::*;

#[migration(revision = "a08000000008", down_revision = "a07000000007", message = "index concurrently", transactional = false)]
pub struct Concurrently;

impl Migration for Concurrently {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index_concurrently(Index::create().name("ix_volume_price").table("volume").col("price"))
            .await?;
        crate::record(op, "a08000000008").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_volume_price").table("volume")).await?;
        crate::unrecord(op, "a08000000008").await
    }
}
