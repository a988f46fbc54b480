use migrate_core::prelude::*;

#[migration(revision = "27c6a30d7c24", down_revision = None, branch_label = "audit", depends_on = "ae1027a6acf0")]
pub struct OtherRoot;

impl Migration for OtherRoot {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
