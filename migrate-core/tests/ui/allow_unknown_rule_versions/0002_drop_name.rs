use migrate_core::prelude::*;

#[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", allow(drop_colum = "unused since 2026-10"))]
pub struct DropName;

impl Migration for DropName {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_column("user", "name").await
    }
}
