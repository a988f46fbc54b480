//! rename a column

use migrate_core::prelude::*;

#[migration(revision = "f10000000016", down_revision = "f10000000015", message = "rename a column")]
pub struct RenameColumnRev;

impl Migration for RenameColumnRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.rename_column("team", "title", "label").await?; // expect: rename_column
        // Safe: a column of a table created in the same migration.
        op.create_table(Table::create().table("fresh").col(pk_auto("id")).col(integer("level")))
            .await?;
        op.rename_column("fresh", "level", "rank").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
