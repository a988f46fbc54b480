//! `verify`: the drift between the live database and the replay of the revisions its version
//! table records.

use migrate_schema::{Diff, Schema, diff};

use crate::error::{Error, Result};
use crate::inspect::{Filter, inspect};
use crate::runner::Migrator;

/// The outcome of `verify`: the revisions compared, and the drift (empty when none).
#[derive(Debug, Clone)]
pub struct Drift {
    /// The version table's rows (the replayed heads).
    pub current: Vec<String>,
    /// What the replay expects minus what the database has.
    pub diff: Diff,
}

/// Compares the live database of `migrator` with the replay of the revisions recorded in its
/// version table (the version table, its `_log` and `_lock` left out by `filter`).
/// `database_url` is the database `migrator` runs on.
pub async fn verify(migrator: &Migrator, database_url: &str, filter: &Filter) -> Result<Drift> {
    let current = migrator.current().await?;
    let expected: Schema = migrator.replay(&current).await?;
    let actual = inspect(database_url, filter).await?;
    Ok(Drift {
        diff: diff(&expected, &actual),
        current,
    })
}

/// The drift as JSON: `{"current": [...], "drift": <migrate-schema's Diff>}`.
pub fn drift_json(drift: &Drift) -> Result<String> {
    let value = serde_json::json!({ "current": drift.current, "drift": drift.diff });
    serde_json::to_string_pretty(&value)
        .map_err(|e| Error::Unsupported(format!("cannot write the drift as JSON: {e}")))
}
