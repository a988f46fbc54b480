//! price is required

use migrate_core::prelude::*;

#[migration(revision = "a03000000003", down_revision = "a02000000002", message = "price is required")]
pub struct AlterPrice;

impl Migration for AlterPrice {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.alter_column("book", &mut big_integer("price").default(0).to_owned()).await?;
        crate::record(op, "a03000000003").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.alter_column("book", &mut integer_null("price")).await?;
        crate::unrecord(op, "a03000000003").await
    }
}
