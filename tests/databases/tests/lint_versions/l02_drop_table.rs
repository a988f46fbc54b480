//! drop a table

use migrate_core::prelude::*;

#[migration(revision = "f10000000002", down_revision = "f10000000001", message = "drop a table")]
pub struct DropTableRev;

impl Migration for DropTableRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.drop_table(Table::drop().table("archive")).await?; // expect: drop_table
        // Safe: a table created in the same migration holds no data yet.
        op.create_table(Table::create().table("scratch").col(pk_auto("id"))).await?;
        op.drop_table(Table::drop().table("scratch")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
