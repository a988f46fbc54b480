use migrate_core::prelude::*;

#[migration(revision = "a00000000004", down_revision = "a00000000003")]
pub struct Four;

impl Migration for Four {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
