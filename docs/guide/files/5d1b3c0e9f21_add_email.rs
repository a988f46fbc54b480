//! add email

use migrate_core::prelude::*;

#[migration(revision = "5d1b3c0e9f21", down_revision = "1975ea83b712", message = "add email")]
pub struct AddEmail;

impl Migration for AddEmail {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column_if_not_exists("user", &mut string_null("email")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_column_if_exists("user", "email").await
    }
}
