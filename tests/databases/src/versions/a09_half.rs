//! fails half-way on demand

use migrate_core::prelude::*;

#[migration(revision = "a09000000009", down_revision = "a08000000008", message = "fails half-way on demand")]
pub struct Half;

impl Migration for Half {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        if std::env::var("MIGRATE_TEST_FAIL_FIRST").is_ok() {
            op.execute("INSERT INTO no_such_table VALUES (1)").await?;
        }
        op.create_table(Table::create().table("half").col(pk_auto("id"))).await?;
        if std::env::var("MIGRATE_TEST_SLOW_SQL").is_ok() {
            // A statement that keeps the database busy for a while (about a second on SQLite).
            op.execute_on(Dialect::Postgres, "SELECT pg_sleep(0.5)").await?;
            op.execute_on(Dialect::Mysql, "DO SLEEP(0.5)").await?;
            op.execute_on(
                Dialect::Sqlite,
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c",
            )
            .await?;
        }
        // A trailing comment, then more statements: each statement stays its own.
        op.execute("CREATE INDEX ix_half_id ON half (id) -- the last words of this line")
            .await?;
        if std::env::var("MIGRATE_TEST_FAIL").is_ok() {
            op.execute("INSERT INTO no_such_table VALUES (1)").await?;
        }
        crate::record(op, "a09000000009").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_table(Table::drop().table("half")).await?;
        crate::unrecord(op, "a09000000009").await
    }
}
