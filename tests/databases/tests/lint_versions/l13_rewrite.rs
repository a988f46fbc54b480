//! widen an integer

use migrate_core::prelude::*;

#[migration(revision = "f10000000013", down_revision = "f10000000012", message = "widen an integer")]
pub struct RewriteRev;

impl Migration for RewriteRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.alter_column("person", &mut big_integer("age")).await // expect: pg:column_type_rewrite my:mysql_algorithm_copy lite:sqlite_table_copy
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
