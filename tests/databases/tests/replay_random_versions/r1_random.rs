//! one revision that runs the operations the property test generated

use migrate_core::prelude::*;

#[migration(revision = "c10000000001", down_revision = None, message = "random operations")]
pub struct RandomOperations;

impl Migration for RandomOperations {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        let actions = crate::ACTIONS.with(|a| a.borrow().clone());
        crate::perform(op, &actions).await
    }
}
