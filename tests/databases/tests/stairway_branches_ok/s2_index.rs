//! index person names (one branch)

use migrate_core::prelude::*;

#[migration(revision = "c40000000002", down_revision = "c40000000001", message = "index person names")]
pub struct IndexNames;

impl Migration for IndexNames {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index(Index::create().name("ix_person_name").table("person").col("name"))
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_person_name").table("person")).await
    }
}
