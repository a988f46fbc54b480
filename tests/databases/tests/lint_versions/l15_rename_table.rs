//! rename a table

use migrate_core::prelude::*;

#[migration(revision = "f10000000015", down_revision = "f10000000014", message = "rename a table")]
pub struct RenameTableRev;

impl Migration for RenameTableRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.rename_table(Table::rename().table("legacy", "legacy_old")).await?; // expect: rename_table
        // Still the existing table, under its new name.
        op.add_column("legacy_old", &mut string("req")).await?; // expect: add_not_null_column
        // Safe: a table created in the same migration.
        op.create_table(Table::create().table("tmp_a").col(pk_auto("id"))).await?;
        op.rename_table(Table::rename().table("tmp_a", "tmp_b")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
