//! a NOT NULL check, not valid yet

use migrate_core::prelude::*;

#[migration(revision = "f10000000008", down_revision = "f10000000007", message = "a NOT NULL check, not valid yet")]
pub struct CheckNotValidRev;

impl Migration for CheckNotValidRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        // Safe: NOT VALID adds the check without scanning the table.
        op.execute_on(
            Dialect::Postgres,
            "ALTER TABLE person ADD CONSTRAINT score_not_null CHECK (score IS NOT NULL) NOT VALID",
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
