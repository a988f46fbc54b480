//! data 0040 and table t_0040
//!
//! Revision ID: a00000000040
//! Revises: a00000000039
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000040",
    down_revision = "a00000000039",
    message = "data 0040 and table t_0040"
)]
pub struct Data0040;

impl Migration for Data0040 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0040").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000040").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0040")).await?;
        crate::unrecord(op, "a00000000040").await
    }
}
