//! idempotent operations

use migrate_core::prelude::*;

#[migration(revision = "a07000000007", down_revision = "a06000000006", message = "idempotent operations")]
pub struct Idempotent;

impl Migration for Idempotent {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // Seed 000: migrations that can run on a database that already has their changes.
        let answers = (
            op.has_table("author").await?,
            op.has_table("nope").await?,
            op.has_column("volume", "name").await?,
            op.has_column("volume", "title").await?,
            op.has_index("author", "nope").await?,
            op.has_constraint("author", "uq_author_name").await?,
            op.has_constraint("volume", "ck_volume_price").await?,
        );
        if answers != (true, false, true, false, false, true, false) {
            return Err(Error::Config(format!("introspection answered {answers:?}")));
        }
        op.create_table(
            Table::create()
                .table("author")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("name")),
        )
        .await?;
        op.add_column_if_not_exists("author", &mut string_null("bio")).await?;
        op.add_column_if_not_exists("author", &mut string_null("bio")).await?;
        op.drop_column_if_exists("author", "nope").await?;
        op.drop_index_if_exists("author", "nope").await?;
        op.drop_constraint_if_exists("volume", "ck_volume_price").await?;
        op.create_index_if_not_exists(
            "author",
            Index::create().name("ix_author_name").table("author").col("name"),
        )
        .await?;
        op.create_index_if_not_exists(
            "author",
            Index::create().name("ix_author_name").table("author").col("name"),
        )
        .await?;
        // A primary key added to an existing table, and raw SQL per backend.
        op.create_table(Table::create().table("tag").col(string("name"))).await?;
        op.create_primary_key("pk_tag", "tag", &["name"]).await?;
        op.execute_on(Dialect::Postgres, "INSERT INTO tag (name) VALUES ('postgres')")
            .await?;
        op.execute_on(Dialect::Mysql, "INSERT INTO tag (name) VALUES ('mysql')")
            .await?;
        op.execute_on(Dialect::Sqlite, "INSERT INTO tag (name) VALUES ('sqlite')")
            .await?;
        crate::record(op, "a07000000007").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_primary_key("tag", "pk_tag").await?;
        op.drop_table(Table::drop().table("tag")).await?;
        op.drop_index_if_exists("author", "ix_author_name").await?;
        op.drop_column_if_exists("author", "bio").await?;
        crate::unrecord(op, "a07000000007").await
    }
}
