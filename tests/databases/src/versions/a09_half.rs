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
