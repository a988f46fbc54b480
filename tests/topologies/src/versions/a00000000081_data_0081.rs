//! data 0081
//!
//! Revision ID: a00000000081
//! Revises: a00000000080
//! Create Date: 2026-12-02 00:00:00

use migrate_core::prelude::*;

#[migration(
    revision = "a00000000081",
    down_revision = "a00000000080",
    message = "data 0081"
)]
pub struct Data0081;

impl Migration for Data0081 {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::record(op, "a00000000081").await
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        crate::unrecord(op, "a00000000081").await
    }
}
