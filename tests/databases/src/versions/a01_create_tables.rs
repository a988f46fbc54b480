//! create tables

use migrate_core::prelude::*;

#[migration(revision = "a01000000001", down_revision = None, message = "create tables")]
pub struct CreateTables;

impl Migration for CreateTables {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("runs").col(string("revision"))).await?;
        op.create_table(Table::create().table("author").col(pk_auto("id")).col(string("name")))
            .await?;
        op.create_table(
            Table::create()
                .table("book")
                .col(pk_auto("id"))
                .col(integer("author_id"))
                .col(string("title"))
                .col(integer_null("price")),
        )
        .await?;
        op.insert(
            Query::insert()
                .into_table("author")
                .columns(["id", "name"])
                .values_panic([1.into(), "Ursula".into()]),
        )
        .await?;
        op.insert(
            Query::insert()
                .into_table("book")
                .columns(["id", "author_id", "title", "price"])
                .values_panic([1.into(), 1.into(), "Earthsea".into(), 12.into()]),
        )
        .await?;
        crate::record(op, "a01000000001").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("book")).await?;
        op.drop_table(Table::drop().table("author")).await?;
        op.drop_table(Table::drop().table("runs")).await?;
        Ok(())
    }
}
