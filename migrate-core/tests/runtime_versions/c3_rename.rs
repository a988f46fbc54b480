use migrate_core::prelude::*;

#[migration(revision = "c3c3c3c3c3c3", down_revision = "b2b2b2b2b2b2", message = "rename user")]
pub struct RenameUser;

impl Migration for RenameUser {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.rename_table(Table::rename().table("user", "account")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.rename_table(Table::rename().table("account", "user")).await
    }
}
