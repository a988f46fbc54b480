use migrate_core::prelude::*;

#[migration(revision = "0001_Initial", down_revision = None)]
pub struct Initial;

impl Migration for Initial {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
