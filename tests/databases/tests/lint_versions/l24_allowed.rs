//! an allowed drop

use migrate_core::prelude::*;

#[migration(revision = "f10000000024", down_revision = "f10000000023", message = "an allowed drop", allow(drop_column = "column unused since 2026-10"))]
pub struct AllowedRev;

impl Migration for AllowedRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.drop_column("person", "extra").await // expect: drop_column=allowed
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
