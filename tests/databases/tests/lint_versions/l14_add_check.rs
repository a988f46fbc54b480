//! a check constraint

use migrate_core::prelude::*;

#[migration(revision = "f10000000014", down_revision = "f10000000013", message = "a check constraint")]
pub struct AddCheckRev;

impl Migration for AddCheckRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.create_check_constraint("age_positive", "person", "age >= 0").await?; // expect: add_check pg:constraint_without_not_valid lite:sqlite_table_copy
        // Safe: a check on a table created in the same migration.
        op.create_table(Table::create().table("badge").col(pk_auto("id")).col(integer("level")))
            .await?;
        op.create_check_constraint("level_positive", "badge", "level >= 0").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
