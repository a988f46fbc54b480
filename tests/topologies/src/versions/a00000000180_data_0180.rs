//! data 0180 and table t_0180
//!
//! Revision ID: a00000000180
//! Revises: a00000000179
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000180",
    down_revision = "a00000000179",
    message = "data 0180 and table t_0180"
)]
pub struct Data0180;

impl Migration for Data0180 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0180").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000180").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0180")).await?;
        crate::unrecord(op, "a00000000180").await
    }
}
