//! data 0160 and table t_0160
//!
//! Revision ID: a00000000160
//! Revises: a00000000159
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000160",
    down_revision = "a00000000159",
    message = "data 0160 and table t_0160"
)]
pub struct Data0160;

impl Migration for Data0160 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0160").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000160").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0160")).await?;
        crate::unrecord(op, "a00000000160").await
    }
}
