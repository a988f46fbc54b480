//! data 0020 and table t_0020
//!
//! Revision ID: a00000000020
//! Revises: a00000000019
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000020",
    down_revision = "a00000000019",
    message = "data 0020 and table t_0020"
)]
pub struct Data0020;

impl Migration for Data0020 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0020").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000020").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0020")).await?;
        crate::unrecord(op, "a00000000020").await
    }
}
