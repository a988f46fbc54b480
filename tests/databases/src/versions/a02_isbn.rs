//! add isbn and indexes

use migrate_core::prelude::*;

#[migration(revision = "a02000000002", down_revision = "a01000000001", message = "add isbn and indexes")]
pub struct Isbn;

impl Migration for Isbn {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("book", &mut string_null("isbn")).await?;
        op.create_index(Index::create().name("ux_book_isbn").table("book").col("isbn").unique())
            .await?;
        if op.dialect() != Dialect::Mysql {
            // Partial indexes: PostgreSQL and SQLite.
            op.create_index(
                Index::create()
                    .name("ix_book_priced")
                    .table("book")
                    .col("title")
                    .and_where(Expr::col("price").gt(0)),
            )
            .await?;
        }
        crate::record(op, "a02000000002").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        if op.dialect() != Dialect::Mysql {
            op.drop_index(Index::drop().name("ix_book_priced").table("book")).await?;
        }
        op.drop_index(Index::drop().name("ux_book_isbn").table("book")).await?;
        op.drop_column("book", "isbn").await?;
        crate::unrecord(op, "a02000000002").await
    }
}
