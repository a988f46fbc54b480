//! a column without a timeout

use migrate_core::prelude::*;

#[migration(revision = "f10000000018", down_revision = "f10000000017", message = "a column without a timeout")]
pub struct NoTimeoutRev;

impl Migration for NoTimeoutRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("person", &mut integer_null("rank")).await?; // expect: pg:lock_timeout_missing
        // Reported once per migration.
        op.add_column("person", &mut integer_null("rank2")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
