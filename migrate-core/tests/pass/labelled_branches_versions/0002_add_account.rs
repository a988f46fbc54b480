use migrate_core::prelude::*;

#[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712")]
pub struct AddAccount;

impl Migration for AddAccount {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
