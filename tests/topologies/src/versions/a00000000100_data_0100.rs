//! data 0100 and table t_0100
//!
//! Revision ID: a00000000100
//! Revises: a00000000099
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000100",
    down_revision = "a00000000099",
    message = "data 0100 and table t_0100"
)]
pub struct Data0100;

impl Migration for Data0100 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("t_0100").col(pk_auto("id"))).await?;
        crate::record(op, "a00000000100").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("t_0100")).await?;
        crate::unrecord(op, "a00000000100").await
    }
}
