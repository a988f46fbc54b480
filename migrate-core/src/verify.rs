//! `verify`: the drift between the live database and the replay of the revisions its version
//! table records.

use migrate_schema::{Diff, Schema, diff};

use crate::error::{Error, Result};
use crate::inspect::{Filter, inspect};
use crate::runner::{CheckReport, Migrator};

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

/// `check`, the whole CI gate on one database: [`Migrator::check`], then, when the database
/// answered and holds only revisions the code has (else `check` reports that already), its
/// schema against the replay of its applied revisions: drift is a problem, and so is a schema
/// that could not be compared.
pub async fn check(
    migrator: &Migrator,
    database_url: &str,
    filter: &Filter,
    allow_branches: bool,
) -> Result<CheckReport> {
    let mut report = migrator.check(allow_branches).await?;
    let current = migrator.current().await?;
    let map = migrator.registry().map().view(&current, &[]);
    if !current.iter().all(|head| map.get(head).is_some()) {
        return Ok(report);
    }
    match verify(migrator, database_url, filter).await {
        Ok(drift) if drift.diff.is_empty() => {
            if report.problems.is_empty() {
                report
                    .summary
                    .push_str("; verified: the schema matches the replay of the applied revisions");
            }
            return Ok(report);
        }
        Ok(drift) => report.problems.push(format!(
            "the schema has drifted from the replay of its applied revisions (see `cargo migrate verify`):\n{}",
            drift.diff.to_string().trim_end()
        )),
        Err(error) => report.problems.push(format!(
            "cannot verify the schema against the replay: {error}"
        )),
    }
    let n = report.problems.len();
    report.summary = format!("not ok: {n} problem{} found", if n == 1 { "" } else { "s" });
    Ok(report)
}

/// The drift as JSON: `{"current": [...], "drift": <migrate-schema's Diff>}`.
pub fn drift_json(drift: &Drift) -> Result<String> {
    let value = serde_json::json!({ "current": drift.current, "drift": drift.diff });
    serde_json::to_string_pretty(&value)
        .map_err(|e| Error::Unsupported(format!("cannot write the drift as JSON: {e}")))
}
