//! an index on a big table

use migrate_core::prelude::*;

#[migration(revision = "f10000000019", down_revision = "f10000000018", message = "an index on a big table")]
pub struct BlockingIndexRev;

impl Migration for BlockingIndexRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.create_index(Index::create().name("ix_person_age").table("person").col("age")).await // expect: pg:create_index_blocking
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
