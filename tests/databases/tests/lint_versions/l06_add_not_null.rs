//! add required columns

use migrate_core::prelude::*;

#[migration(revision = "f10000000006", down_revision = "f10000000005", message = "add required columns")]
pub struct AddNotNullRev;

impl Migration for AddNotNullRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.add_column("person", &mut string("code")).await?; // expect: add_not_null_column
        // Safe: a default fills the existing rows.
        op.add_column("person", integer("level").default(0)).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
