//! data 0140 and table t_0140
//!
//! Revision ID: a00000000140
//! Revises: a00000000139
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000140",
    down_revision = "a00000000139",
    message = "data 0140 and table t_0140"
)]
pub struct Data0140;

impl Migration for Data0140 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0140").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000140").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0140")).await?;
        crate::unrecord(op, "a00000000140").await
    }
}
