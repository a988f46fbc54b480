//! data alone

use migrate_core::prelude::*;

#[migration(revision = "f10000000022", down_revision = "f10000000021", message = "data alone")]
pub struct DataOnlyRev;

impl Migration for DataOnlyRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // Safe: data alone, in a revision of its own.
        op.update(Query::update().table("team").value("size", 1)).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
