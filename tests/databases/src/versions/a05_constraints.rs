//! constraints

use migrate_core::prelude::*;

#[migration(revision = "a05000000005", down_revision = "a04000000004", message = "constraints")]
pub struct Constraints;

impl Migration for Constraints {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_foreign_key(
            ForeignKey::create()
                .name("fk_volume_author")
                .from("volume", "author_id")
                .to("author", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .await?;
        op.create_unique_constraint("uq_author_name", "author", &["name"]).await?;
        op.create_check_constraint("ck_volume_price", "volume", "price >= 0").await?;
        crate::record(op, "a05000000005").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_constraint("volume", "ck_volume_price").await?;
        op.drop_constraint("author", "uq_author_name").await?;
        op.drop_foreign_key("volume", "fk_volume_author").await?;
        crate::unrecord(op, "a05000000005").await
    }
}
