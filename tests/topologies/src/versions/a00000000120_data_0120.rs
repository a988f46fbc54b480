//! data 0120 and table t_0120
//!
//! Revision ID: a00000000120
//! Revises: a00000000119
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000120",
    down_revision = "a00000000119",
    message = "data 0120 and table t_0120"
)]
pub struct Data0120;

impl Migration for Data0120 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0120").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000120").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0120")).await?;
        crate::unrecord(op, "a00000000120").await
    }
}
