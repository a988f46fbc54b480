//! rename book to volume

use migrate_core::prelude::*;

#[migration(revision = "a04000000004", down_revision = "a03000000003", message = "rename book to volume")]
pub struct Renames;

impl Migration for Renames {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.rename_column("book", "title", "name").await?;
        op.rename_table(Table::rename().table("book", "volume")).await?;
        crate::record(op, "a04000000004").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.rename_table(Table::rename().table("volume", "book")).await?;
        op.rename_column("book", "name", "title").await?;
        crate::unrecord(op, "a04000000004").await
    }
}
