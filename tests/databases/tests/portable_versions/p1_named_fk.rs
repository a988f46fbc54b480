//! a named foreign key, declared in CREATE TABLE

use migrate_core::prelude::*;

#[migration(revision = "b10000000001", down_revision = None, message = "named fk")]
pub struct NamedForeignKey;

impl Migration for NamedForeignKey {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("product").col(pk_auto("id")))
            .await?;
        op.create_table(
            Table::create()
                .table("item")
                .col(pk_auto("id"))
                .col(integer("product_id"))
                .col(integer("qty"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_item_product")
                        .from("item", "product_id")
                        .to("product", "id"),
                ),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("item")).await?;
        op.drop_table(Table::drop().table("product")).await
    }
}
