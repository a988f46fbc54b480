//! data 0080 and table t_0080
//!
//! Revision ID: a00000000080
//! Revises: a00000000079
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000080",
    down_revision = "a00000000079",
    message = "data 0080 and table t_0080"
)]
pub struct Data0080;

impl Migration for Data0080 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0080").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000080").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0080")).await?;
        crate::unrecord(op, "a00000000080").await
    }
}
