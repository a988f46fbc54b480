//! create a schema and a type

use migrate_core::prelude::*;

#[migration(revision = "f10000000004", down_revision = "f10000000003", message = "create a schema and a type")]
pub struct CreateSchemaRev;

impl Migration for CreateSchemaRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.execute_on(Dialect::Postgres, "CREATE SCHEMA old").await?;
        op.execute_on(Dialect::Mysql, "CREATE SCHEMA lint_old").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        // A lint fixture: only its upgrade is replayed.
        let _ = op;
        Ok(())
    }
}
