use migrate_core::prelude::*;

#[migration(revision = "5a5b5c5d5e5f", down_revision = "1975ea83b712", branch_label = "billing")]
pub struct AddFax;

impl Migration for AddFax {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
