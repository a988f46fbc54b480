//! drop the schema and the type

use migrate_core::prelude::*;

#[migration(revision = "f10000000005", down_revision = "f10000000004", message = "drop the schema and the type")]
pub struct DropSchemaRev;

impl Migration for DropSchemaRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute_on(Dialect::Postgres, "DROP SCHEMA old").await?; // expect: pg:drop_schema
        op.execute_on(Dialect::Mysql, "DROP SCHEMA lint_old").await?; // expect: my:drop_schema
        op.execute_on(Dialect::Postgres, "DROP TYPE color").await?; // expect: pg:drop_enum
        // Safe: a schema and a type created in the same migration.
        op.execute_on(Dialect::Postgres, "CREATE SCHEMA scratch").await?;
        op.execute_on(Dialect::Postgres, "DROP SCHEMA scratch").await?;
        op.execute_on(Dialect::Postgres, "CREATE TYPE tmp AS ENUM ('a')").await?;
        op.execute_on(Dialect::Postgres, "DROP TYPE tmp").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
