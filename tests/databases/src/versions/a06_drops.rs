//! drop check and isbn

use migrate_core::prelude::*;

#[migration(revision = "a06000000006", down_revision = "a05000000005", message = "drop check and isbn")]
pub struct Drops;

impl Migration for Drops {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_constraint("volume", "ck_volume_price").await?;
        if op.dialect() != Dialect::Mysql {
            op.drop_index(Index::drop().name("ix_book_priced").table("volume")).await?;
        }
        op.drop_index(Index::drop().name("ux_book_isbn").table("volume")).await?;
        op.drop_column("volume", "isbn").await?;
        crate::record(op, "a06000000006").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("volume", &mut string_null("isbn")).await?;
        op.create_index(Index::create().name("ux_book_isbn").table("volume").col("isbn").unique())
            .await?;
        if op.dialect() != Dialect::Mysql {
            op.create_index(
                Index::create()
                    .name("ix_book_priced")
                    .table("volume")
                    .col("name")
                    .and_where(Expr::col("price").gt(0)),
            )
            .await?;
        }
        op.create_check_constraint("ck_volume_price", "volume", "price >= 0").await?;
        crate::unrecord(op, "a06000000006").await
    }
}
