use migrate_core::prelude::*;

#[migration(revision = "27c6a30d7c24", down_revision = "ae1027a6acf0", branch_label = "billing")]
pub struct AddPhone;

impl Migration for AddPhone {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
