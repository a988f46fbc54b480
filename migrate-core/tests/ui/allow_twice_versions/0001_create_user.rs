use migrate_core::prelude::*;

#[migration(revision = "1975ea83b712", down_revision = None)]
pub struct CreateUser;

impl Migration for CreateUser {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute("SELECT 1").await
    }
}
