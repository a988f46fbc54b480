use migrate_core::prelude::*;

#[migration(revision = "b00000000001", down_revision = "a00000000001", replaces = ("a00000000002", "a00000000003"))]
pub struct Squash;

impl Migration for Squash {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
