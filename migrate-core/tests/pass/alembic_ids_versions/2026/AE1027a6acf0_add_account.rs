use migrate_core::prelude::*;

#[migration(revision = "AE1027a6acf0", down_revision = "0001_Initial")]
pub struct AddAccount;

impl Migration for AddAccount {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
