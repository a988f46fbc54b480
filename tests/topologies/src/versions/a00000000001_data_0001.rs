//! data 0001
//!
//! Revision ID: a00000000001
//! Revises:
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(revision = "a00000000001", down_revision = None, message = "data 0001")]
pub struct Data0001;

impl Migration for Data0001 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(Table::create().table("applied").col(string("revision"))).await?;
        crate::record(op, "a00000000001").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("applied")).await
    }
}
