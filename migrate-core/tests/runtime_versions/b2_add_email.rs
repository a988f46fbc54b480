use migrate_core::prelude::*;

#[migration(revision = "b2b2b2b2b2b2", down_revision = "a1a1a1a1a1a1", message = "add email")]
pub struct AddEmail;

impl Migration for AddEmail {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("user", &mut string_null("email")).await?;
        op.create_index(Index::create().name("ix_user_email").table("user").col("email"))
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_user_email").table("user"))
            .await?;
        op.drop_column("user", "email").await
    }
}
