//! data 0060 and table t_0060
//!
//! Revision ID: a00000000060
//! Revises: a00000000059
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000060",
    down_revision = "a00000000059",
    message = "data 0060 and table t_0060"
)]
pub struct Data0060;

impl Migration for Data0060 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0060").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000060").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0060")).await?;
        crate::unrecord(op, "a00000000060").await
    }
}
