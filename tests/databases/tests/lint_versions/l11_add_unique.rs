//! a unique index

use migrate_core::prelude::*;

#[migration(revision = "f10000000011", down_revision = "f10000000010", message = "a unique index", transactional = false)]
pub struct AddUniqueRev;

impl Migration for AddUniqueRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.create_index(Index::create().name("ux_person_name").table("person").col("name").unique()) // expect: add_unique pg:create_index_blocking
            .await?;
        // Safe: a plain index built concurrently.
        op.create_index_concurrently(Index::create().name("ix_person_nick").table("person").col("nick"))
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
