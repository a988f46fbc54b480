//! a foreign key

use migrate_core::prelude::*;

#[migration(revision = "f10000000017", down_revision = "f10000000016", message = "a foreign key")]
pub struct ForeignKeyRev;

impl Migration for ForeignKeyRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.add_column("person", &mut integer_null("team_id")).await?;
        op.create_foreign_key( // expect: pg:constraint_without_not_valid my:mysql_algorithm_copy lite:sqlite_table_copy
            ForeignKey::create().name("fk_person_team").from("person", "team_id").to("team", "id"),
        )
        .await?;
        // Safe on PostgreSQL: NOT VALID, validated later.
        op.execute_on(
            Dialect::Postgres,
            "ALTER TABLE person ADD CONSTRAINT fk_person_team2 FOREIGN KEY (team_id) REFERENCES team (id) NOT VALID",
        )
        .await?;
        // Safe on MySQL: a foreign key on a table created in the same migration.
        op.create_table(Table::create().table("member").col(pk_auto("id")).col(integer("team_id")))
            .await?;
        op.create_foreign_key(
            ForeignKey::create().name("fk_member_team").from("member", "team_id").to("team", "id"),
        )
        .await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
