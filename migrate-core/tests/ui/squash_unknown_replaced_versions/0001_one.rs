use migrate_core::prelude::*;

#[migration(revision = "a00000000001", down_revision = None)]
pub struct One;

impl Migration for One {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
