//! data and schema together

use migrate_core::prelude::*;

#[migration(revision = "f10000000021", down_revision = "f10000000020", message = "data and schema together")] // expect: mixed_schema_and_data
pub struct MixedRev;

impl Migration for MixedRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.add_column("team", &mut integer_null("size")).await?;
        op.insert(Query::insert().into_table("team").columns(["label"]).values_panic(["a".into()]))
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
