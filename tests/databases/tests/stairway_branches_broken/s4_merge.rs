//! merge the two branches, adding a phone column

use migrate_core::prelude::*;

#[migration(revision = "c50000000004", down_revision = ("c50000000002", "c50000000003"), message = "merge, add phone")]
pub struct MergeAddPhone;

impl Migration for MergeAddPhone {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.add_column("person", &mut string_null("phone")).await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        op.drop_column("person", "phone").await
    }
}
