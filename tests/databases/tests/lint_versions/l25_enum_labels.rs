//! enum labels on MySQL

use migrate_core::prelude::*;

#[migration(revision = "f10000000025", down_revision = "f10000000024", message = "enum labels on MySQL")]
pub struct EnumLabelsRev;

impl Migration for EnumLabelsRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute_on(Dialect::Mysql, "ALTER TABLE team ADD COLUMN kind ENUM('a', 'b', 'c')")
            .await?;
        // Safe: a label added at the end is in place.
        op.execute_on(Dialect::Mysql, "ALTER TABLE team MODIFY COLUMN kind ENUM('a', 'b', 'c', 'd')")
            .await?;
        op.execute_on(Dialect::Mysql, "ALTER TABLE team MODIFY COLUMN kind ENUM('a', 'b')") // expect: my:narrow_type my:mysql_algorithm_copy
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
