//! add account
//!
//! Revision ID: ae1027a6acf0
//! Revises: 1975ea83b712

use migrate_core::prelude::*;

#[migration(revision = "ae1027a6acf0", down_revision = "1975ea83b712", message = "add account")]
pub struct AddAccount;

impl Migration for AddAccount {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(
            Table::create()
                .table("account")
                .col(pk_auto("id"))
                .col(string("name")),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("account")).await
    }
}
