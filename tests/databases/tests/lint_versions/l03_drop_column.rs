//! drop columns

use migrate_core::prelude::*;

#[migration(revision = "f10000000003", down_revision = "f10000000002", message = "drop columns")]
pub struct DropColumnRev;

impl Migration for DropColumnRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.drop_column("person", "note").await?; // expect: drop_column
        op.drop_column("person", "email").await?; // expect: drop_column drop_column_in_use
        // Safe: a column of a table created in the same migration.
        op.create_table(Table::create().table("draft").col(pk_auto("id")).col(integer_null("junk")))
            .await?;
        op.drop_column("draft", "junk").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
