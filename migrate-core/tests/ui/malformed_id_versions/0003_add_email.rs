use migrate_core::prelude::*;

#[migration(revision = "head", down_revision = "ae1027a6-acf0")]
pub struct AddEmail;

impl Migration for AddEmail {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
