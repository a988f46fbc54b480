use migrate_core::prelude::*;

/// Creates a table, then fails: the table must not survive.
#[migration(revision = "d4d4d4d4d4d4", down_revision = "c3c3c3c3c3c3", message = "half done")]
pub struct HalfDone;

impl Migration for HalfDone {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("orphan").col(pk_auto("id"))).await?;
        op.execute("INSERT INTO no_such_table VALUES (1)").await
    }
}
