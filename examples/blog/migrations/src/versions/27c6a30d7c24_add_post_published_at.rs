//! add post published_at
//!
//! Revision ID: 27c6a30d7c24
//! Revises: 3512b954651e
//! Create Date: 2026-11-21 10:02:11

use migrate_core::prelude::*;

#[migration(revision = "27c6a30d7c24", down_revision = "3512b954651e", message = "add post published_at")]
pub struct AddPostPublishedAt;

impl Migration for AddPostPublishedAt {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("post", &mut timestamp_null("published_at"))
            .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_column("post", "published_at").await
    }
}
