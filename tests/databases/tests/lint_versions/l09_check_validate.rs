//! validate the check

use migrate_core::prelude::*;

#[migration(revision = "f10000000009", down_revision = "f10000000008", message = "validate the check")]
pub struct CheckValidateRev;

impl Migration for CheckValidateRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.execute_on(Dialect::Postgres, "ALTER TABLE person VALIDATE CONSTRAINT score_not_null")
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
