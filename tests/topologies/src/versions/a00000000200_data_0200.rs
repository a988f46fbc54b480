//! data 0200 and table t_0200
//!
//! Revision ID: a00000000200
//! Revises: a00000000199
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000200",
    down_revision = "a00000000199",
    message = "data 0200 and table t_0200"
)]
pub struct Data0200;

impl Migration for Data0200 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0200").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000200").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0200")).await?;
        crate::unrecord(op, "a00000000200").await
    }
}
