//! create post
//!
//! Revision ID: ae1027a6acf0
//! Revises: 1975ea83b712
//! Create Date: 2026-11-21 09:20:03

use migrate_core::prelude::*;

#[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", message = "create post")]
pub struct CreatePost;

impl Migration for CreatePost {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(
            Table::create()
                .table("post")
                .col(pk_auto("id"))
                .col(integer("author_id"))
                .col(string("title"))
                .col(text("body"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_post_author")
                        .from("post", "author_id")
                        .to("user", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("post")).await
    }
}
