use migrate_core::prelude::*;

#[migration(revision = "5a5b5c5d5e5f", down_revision = ("3512b954651e", "27c6a30d7c24"), message = "merge heads")]
pub struct Merge;

impl Migration for Merge {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
