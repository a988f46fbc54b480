use migrate_core::prelude::*;

#[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", allow(drop_column = "unused since 2026-10", drop_column = "and again"))]
pub struct DropName;

impl Migration for DropName {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_column("user", "name").await
    }
}
