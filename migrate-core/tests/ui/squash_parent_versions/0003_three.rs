use migrate_core::prelude::*;

#[migration(revision = "a00000000003", down_revision = "a00000000002")]
pub struct Three;

impl Migration for Three {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
