use migrate_core::prelude::*;

#[migration(revision = "3512b954651e", down_revision = "ae1027a6acf0", branch_label = "main")]
pub struct AddEmail;

impl Migration for AddEmail {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
