//! index post title
//!
//! Revision ID: 3512b954651e
//! Revises: ae1027a6acf0
//! Create Date: 2026-11-21 09:31:57

use migrate_core::prelude::*;

#[migration(revision = "3512b954651e", down_revision = "ae1027a6acf0", message = "index post title")]
pub struct IndexPostTitle;

impl Migration for IndexPostTitle {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index(
            Index::create()
                .name("ix_post_title")
                .table("post")
                .col("title"),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_post_title").table("post"))
            .await
    }
}
