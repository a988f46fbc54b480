//! make age required

use migrate_core::prelude::*;

#[migration(revision = "f10000000007", down_revision = "f10000000006", message = "make age required")]
pub struct SetNotNullRev;

impl Migration for SetNotNullRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.alter_column("person", &mut integer("age")).await?; // expect: set_not_null pg:set_not_null_scan lite:sqlite_table_copy
        // Safe: team.title is NOT NULL already; only its default changes.
        op.alter_column("team", crate::varchar("title", 50).default("none")).await // expect: lite:sqlite_table_copy
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
