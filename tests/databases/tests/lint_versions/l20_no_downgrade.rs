//! no way back

use migrate_core::prelude::*;

#[migration(revision = "f10000000020", down_revision = "f10000000019", message = "no way back")] // expect: no_downgrade
pub struct NoDowngradeRev;

impl Migration for NoDowngradeRev {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::timeout(op).await?;
        op.add_column("person", &mut integer_null("extra")).await
    }
}
