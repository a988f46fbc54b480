//! raw SQL

use migrate_core::prelude::*;

#[migration(revision = "f10000000023", down_revision = "f10000000022", message = "raw SQL")]
pub struct UnreadableRev;

impl Migration for UnreadableRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("CREATE VIEW v AS SELECT 1").await?; // expect: unreadable_sql
        op.execute("THIS IS NOT SQL").await?; // expect: unreadable_sql
        // Safe: raw SQL the replay reads.
        op.execute("CREATE TABLE raw_ok (id integer)").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
