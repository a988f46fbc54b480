use migrate_core::prelude::*;

#[migration(revision = "a00000000002", down_revision = "a00000000001")]
pub struct Two;

impl Migration for Two {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
