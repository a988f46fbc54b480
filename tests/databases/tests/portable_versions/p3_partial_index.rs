//! a partial index: PostgreSQL and SQLite have them, MySQL and MariaDB do not

use migrate_core::prelude::*;

#[migration(revision = "b30000000003", down_revision = "b20000000002", message = "partial index")]
pub struct PartialIndex;

impl Migration for PartialIndex {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_index(
            Index::create()
                .name("ix_item_big_qty")
                .table("item")
                .col("qty")
                .and_where(Expr::col("qty").gt(100)),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_index(Index::drop().name("ix_item_big_qty").table("item"))
            .await
    }
}
