//! add contact columns

use migrate_core::prelude::*;

#[migration(revision = "c30000000003", down_revision = "c30000000002", message = "add contact columns")]
pub struct AddContact;

impl Migration for AddContact {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("person", &mut string_null("email")).await?;
        op.add_column("person", &mut string_null("phone")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // `phone` is forgotten.
        op.drop_column("person", "email").await
    }
}
