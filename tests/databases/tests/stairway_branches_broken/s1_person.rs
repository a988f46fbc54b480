//! create person

use migrate_core::prelude::*;

#[migration(revision = "c50000000001", down_revision = None, message = "create person")]
pub struct CreatePerson;

impl Migration for CreatePerson {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(
            Table::create()
                .table("person")
                .col(pk_auto("id"))
                .col(string("name")),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("person")).await
    }
}
