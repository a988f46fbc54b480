//! drop the named foreign key, and put it back on downgrade

use migrate_core::prelude::*;

#[migration(revision = "b20000000002", down_revision = "b10000000001", message = "drop fk")]
pub struct DropForeignKey;

impl Migration for DropForeignKey {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_foreign_key("item", "fk_item_product").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_foreign_key(
            ForeignKey::create()
                .name("fk_item_product")
                .from("item", "product_id")
                .to("product", "id"),
        )
        .await
    }
}
