//! index person names

use migrate_core::prelude::*;

#[migration(revision = "c20000000002", down_revision = "c10000000002", message = "index person names")]
pub struct IndexNames;

impl Migration for IndexNames {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("person", &mut string_null("nickname")).await?;
        op.create_index(Index::create().name("ix_person_name").table("person").col("name"))
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // The index is forgotten.
        op.drop_column("person", "nickname").await
    }
}
