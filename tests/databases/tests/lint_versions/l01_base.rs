//! create the tables

use migrate_core::prelude::*;

#[migration(revision = "f10000000001", down_revision = None, message = "create the tables")]
pub struct BaseRev;

impl Migration for BaseRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.create_table(
            Table::create()
                .table("person")
                .col(pk_auto("id"))
                .col(crate::varchar("name", 200))
                .col(integer_null("age"))
                .col(crate::varchar_null("email", 100))
                .col(crate::varchar_null("nick", 20))
                .col(big_integer_null("score"))
                .col(text_null("note")),
        )
        .await?;
        op.create_table(Table::create().table("team").col(pk_auto("id")).col(crate::varchar("title", 50)))
            .await?;
        op.create_table(Table::create().table("archive").col(pk_auto("id"))).await?;
        op.create_table(Table::create().table("legacy").col(pk_auto("id"))).await?;
        // Safe: an index on a table created in the same migration blocks nobody.
        op.create_index(Index::create().name("ix_team_title").table("team").col("title")).await?;
        op.execute_on(Dialect::Postgres, "CREATE TYPE color AS ENUM ('red', 'blue')").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
