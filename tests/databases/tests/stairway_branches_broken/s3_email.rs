//! add an email column (the other branch, from the same parent)

use migrate_core::prelude::*;

#[migration(revision = "c50000000003", down_revision = "c50000000001", message = "add email")]
pub struct AddEmail;

impl Migration for AddEmail {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("person", &mut string_null("email")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_column("person", "email").await
    }
}
