//! narrow and widen strings

use migrate_core::prelude::*;

#[migration(revision = "f10000000012", down_revision = "f10000000011", message = "narrow and widen strings")]
pub struct NarrowRev;

impl Migration for NarrowRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.alter_column("person", &mut crate::varchar("name", 100)).await?; // expect: pg:narrow_type my:narrow_type pg:column_type_rewrite my:mysql_algorithm_copy lite:sqlite_table_copy
        // Safe: a longer varchar is binary-coercible on PostgreSQL, in place on MySQL.
        op.alter_column("person", &mut crate::varchar_null("nick", 40)).await // expect: lite:sqlite_table_copy
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
