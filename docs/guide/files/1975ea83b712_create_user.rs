//! create user
//!
//! Revision ID: 1975ea83b712
//! Revises:

use migrate_core::prelude::*;

#[migration(revision = "1975ea83b712", down_revision = None, message = "create user")]
pub struct CreateUser;

impl Migration for CreateUser {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(
            Table::create()
                .table("user")
                .col(pk_auto("id"))
                .col(string("name")),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("user")).await
    }
}
