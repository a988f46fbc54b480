//! make score required

use migrate_core::prelude::*;

#[migration(revision = "f10000000010", down_revision = "f10000000009", message = "make score required")]
pub struct ScoreNotNullRev;

impl Migration for ScoreNotNullRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        // Safe on PostgreSQL: a validated CHECK (score IS NOT NULL) exists.
        op.execute_on(Dialect::Postgres, "ALTER TABLE person ALTER COLUMN score SET NOT NULL")
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
