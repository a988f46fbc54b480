use migrate_core::prelude::*;

#[migration(revision = "Head_2", down_revision = "AE1027a6acf0")]
pub struct AddEmail;

impl Migration for AddEmail {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
