//! The stairway test (`test`): on a throwaway database per backend, for each revision in
//! order, upgrade to it, introspect, downgrade one step, introspect and compare with the schema
//! before, upgrade again, introspect and compare with the first. The first revision whose
//! downgrade does not restore the schema (or whose upgrade does not run twice alike) is
//! reported with the difference, as pytest-alembic's and Atlas's stairway tests do.
//!
//! Before any database, the history itself: a single head, every revision reachable from it,
//! and a downgrade for every revision.
//!
//! The throwaway database is a temporary SQLite file, or a new PostgreSQL or MySQL database on
//! the server of the configured URL. It is dropped on every path: success, failure, an error,
//! and Ctrl-C (the run future is dropped, and [`Throwaway`]'s `Drop` removes it).

use std::time::{SystemTime, UNIX_EPOCH};

use migrate_schema::Diff;
use sqlx::{AnyConnection, Connection};

use crate::backend::Dialect;
use crate::config::{Config, redact_url};
use crate::error::{Error, Result};
use crate::inspect::Filter;
use crate::registry::{Migrations, Registry};
use crate::runner::Migrator;
use crate::status::Shell;

/// A backend the stairway test runs on (`--backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A new database on the PostgreSQL server of the configured URL.
    Postgres,
    /// A new database on the MySQL or MariaDB server of the configured URL.
    Mysql,
}

impl Backend {
    /// The backend's name, as `--backend` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    fn of(dialect: Dialect) -> Backend {
        match dialect {
            Dialect::Sqlite => Backend::Sqlite,
            Dialect::Postgres => Backend::Postgres,
            Dialect::Mysql => Backend::Mysql,
        }
    }
}

/// Which comparison found a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The downgrade did not bring back the schema from before the upgrade.
    Downgrade,
    /// The second upgrade did not produce the schema of the first.
    Reupgrade,
    /// The introspected schema differs from the replay of the revisions.
    Replay,
}

impl Step {
    /// What went wrong, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Step::Downgrade => "its downgrade does not restore the schema from before its upgrade",
            Step::Reupgrade => "upgrading again after its downgrade gives another schema",
            Step::Replay => "the database's schema differs from the replay of the revisions",
        }
    }
}

/// The first revision the stairway test found at fault, on one backend.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The backend.
    pub backend: Backend,
    /// The revision.
    pub revision: String,
    /// Its message.
    pub message: String,
    /// Which comparison failed.
    pub step: Step,
    /// Expected (before) against actual (after).
    pub diff: Diff,
}

/// The history's own problems, before any database: several heads, a revision the head does
/// not reach, a revision without a downgrade.
pub fn history_problems(registry: &Registry) -> Vec<String> {
    let map = registry.map();
    let mut problems = Vec::new();
    let heads = map.heads();
    if heads.len() > 1 {
        problems.push(format!(
            "several heads ({}): merge them with `cargo migrate merge heads` so that one order exists",
            heads
                .iter()
                .map(|r| r.revision.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let [head] = heads.as_slice() {
        let reached: std::collections::HashSet<&str> = map
            .ancestors_of(&[head.revision.as_str()])
            .into_iter()
            .map(|r| r.revision.as_str())
            .chain([head.revision.as_str()])
            .collect();
        for rev in map.history().into_iter().rev() {
            if !reached.contains(rev.revision.as_str()) {
                problems.push(format!(
                    "revision {} is not reached from head {}",
                    rev.revision, head.revision
                ));
            }
        }
    }
    for rev in map.history().into_iter().rev() {
        if registry
            .get(&rev.revision)
            .is_some_and(|m| !m.has_downgrade)
        {
            problems.push(format!(
                "revision {} ({}) has no downgrade: implement `downgrade` in its file",
                rev.revision, rev.message
            ));
        }
    }
    problems
}

/// A throwaway database: created here, removed when dropped (also when the run is cancelled).
pub struct Throwaway {
    /// Its URL.
    pub url: String,
    /// What to remove.
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin: String, name: String },
}

impl Throwaway {
    /// A new empty database for `backend`; `server` is a URL on the server to create it on
    /// (ignored for SQLite).
    pub async fn create(backend: Backend, server: Option<&str>) -> Result<Throwaway> {
        let name = unique_name();
        if backend == Backend::Sqlite {
            // Created here (an empty file is an empty database) and opened without `mode=rwc`:
            // a connection still opening on sqlx's worker thread when a cancelled run removes
            // the file fails instead of creating it again.
            let path = std::env::temp_dir().join(format!("{name}.db"));
            std::fs::File::create_new(&path).map_err(|e| {
                Error::Database(format!(
                    "cannot create the throwaway SQLite database {}: {e}; check that the temporary folder (TMPDIR) is writable",
                    path.display()
                ))
            })?;
            return Ok(Throwaway {
                url: format!("sqlite:{}", path.display()),
                cleanup: Cleanup::File(path),
            });
        }
        let admin = server
            .filter(|url| Dialect::from_url(url).is_ok_and(|d| Backend::of(d) == backend))
            .ok_or_else(|| {
                Error::Config(format!(
                    "--backend {0} needs a {0} server: pass --database-url with a URL of a database on it (the throwaway database is created beside it)",
                    backend.name()
                ))
            })?
            .to_string();
        let sql = format!("CREATE DATABASE {name}");
        admin_execute(&admin, &sql).await?;
        Ok(Throwaway {
            url: with_database(&admin, &name),
            cleanup: Cleanup::Database { admin, name },
        })
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm", "-journal", ".migrate-lock"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            Cleanup::Database { admin, name } => {
                // Drop may run inside the run's runtime (even while it is being cancelled): a
                // thread of its own with its own runtime does the async work.
                let (server, database) = (admin.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    let sql = if server.starts_with("postgres") {
                        format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")
                    } else {
                        format!("DROP DATABASE IF EXISTS {database}")
                    };
                    runtime.block_on(admin_execute(&server, &sql)).ok()
                })
                .join();
                if !matches!(dropped, Ok(Some(()))) {
                    eprintln!(
                        "warning: could not drop the throwaway database {name} on {}; drop it by hand",
                        redact_url(admin)
                    );
                }
            }
        }
    }
}

/// Runs one statement on the server of `admin`.
async fn admin_execute(admin: &str, sql: &str) -> Result<()> {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(admin)
        .await
        .map_err(|source| Error::Connect {
            url: redact_url(admin),
            source,
        })?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .map_err(|source| Error::Sql {
            sql: sql.to_string(),
            source,
        })?;
    let _ = conn.close().await;
    Ok(())
}

/// A database name no other run uses.
fn unique_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("migrate_stairway_{}_{nanos}", std::process::id())
}

/// `url` with its database replaced by `name` (its query kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    match query {
        Some(q) => format!("{}/{name}?{q}", &base[..path_start]),
        None => format!("{}/{name}", &base[..path_start]),
    }
}

/// Runs the stairway on one throwaway database of `backend` (on the server of `server`, a
/// URL of a database there); `None` when every revision passes. `status` receives each step
/// as a verb and a message.
pub async fn run_on(
    migrations: Migrations,
    backend: Backend,
    server: Option<&str>,
    status: &(dyn Fn(&str, &str) + Sync),
) -> Result<Option<Failure>> {
    let db = Throwaway::create(backend, server).await?;
    status(
        "Created",
        &format!(
            "throwaway {} database {}",
            backend.name(),
            redact_url(&db.url)
        ),
    );
    let config = Config::resolve(&migrations, Some(&db.url))?;
    let filter = Filter::new(&migrations, &config);
    let migrator = Migrator::new(migrations, config)?;
    let registry = migrator.registry();
    let order: Vec<(String, String, Vec<String>)> = registry
        .map()
        .history()
        .into_iter()
        .rev()
        .map(|r| {
            (
                r.revision.clone(),
                r.message.clone(),
                r.down_revisions.clone(),
            )
        })
        .collect();
    let mut before = crate::inspect::inspect(&db.url, &filter).await?;
    for (i, (revision, message, parents)) in order.iter().enumerate() {
        status(
            "Stairway",
            &format!("{}/{} {revision} {message}", i + 1, order.len()),
        );
        // Each revision is tried on a database at exactly its parents. On a linear history
        // that is where the previous step left it; after a fork, the other branch's revisions
        // are applied too: back to base, then up to each parent (a merge's parents side by side).
        if !same_set(&migrator.current().await?, parents) {
            migrator.downgrade("base").await?;
            for parent in parents {
                migrator.upgrade(parent).await?;
            }
            before = crate::inspect::inspect(&db.url, &filter).await?;
        }
        let fail = |step, diff| {
            Some(Failure {
                backend,
                revision: revision.clone(),
                message: message.clone(),
                step,
                diff,
            })
        };
        migrator.upgrade(revision).await?;
        let up = crate::inspect::inspect(&db.url, &filter).await?;
        // One step down: to the parent (a merge's first parent unmerges it, leaving all its
        // parents applied), or to base for a root.
        migrator
            .downgrade(parents.first().map_or("base", String::as_str))
            .await?;
        let down = crate::inspect::inspect(&db.url, &filter).await?;
        let diff = migrate_schema::diff(&before, &down);
        if !diff.is_empty() {
            return Ok(fail(Step::Downgrade, diff));
        }
        migrator.upgrade(revision).await?;
        let again = crate::inspect::inspect(&db.url, &filter).await?;
        let diff = migrate_schema::diff(&up, &again);
        if !diff.is_empty() {
            return Ok(fail(Step::Reupgrade, diff));
        }
        // What the revisions say the schema is, replayed in memory, must be what the database has.
        let replayed = migrator.replay(std::slice::from_ref(revision)).await?;
        let diff = migrate_schema::diff(&replayed, &again);
        if !diff.is_empty() {
            return Ok(fail(Step::Replay, diff));
        }
        before = again;
    }
    Ok(None)
}

/// True when `a` and `b` hold the same revisions, in any order.
fn same_set(a: &[String], b: &[String]) -> bool {
    let set = |v: &[String]| v.iter().cloned().collect::<std::collections::BTreeSet<_>>();
    set(a) == set(b)
}

/// `test`: the history's problems, then the stairway on each backend (by default the one of
/// the configured URL, or SQLite without one). Exit 8 on the first failure.
pub(crate) async fn run(
    migrations: Migrations,
    database_url: Option<&str>,
    backends: &[Backend],
    shell: Shell,
) -> Result<u8> {
    let registry = migrations.registry()?;
    let problems = history_problems(&registry);
    if !problems.is_empty() {
        return Err(Error::StairwayHistory(problems));
    }
    let configured = match Config::resolve(&migrations, database_url) {
        Ok(config) => Some(config.database_url),
        Err(_) if !backends.is_empty() && backends.iter().all(|b| *b == Backend::Sqlite) => None,
        Err(Error::NoDatabaseUrl | Error::MetadataUrlNotEmbedded) if backends.is_empty() => None,
        Err(error) => return Err(error),
    };
    let chosen: Vec<Backend> = if backends.is_empty() {
        let dialect = configured.as_deref().map(Dialect::from_url).transpose()?;
        vec![dialect.map_or(Backend::Sqlite, Backend::of)]
    } else {
        let mut chosen = backends.to_vec();
        chosen.dedup();
        chosen
    };
    for backend in chosen {
        let status = |verb: &str, message: &str| shell.status(verb, message);
        if let Some(failure) = run_on(migrations, backend, configured.as_deref(), &status).await? {
            return Err(Error::StairwayFailed(Box::new(failure)));
        }
        shell.status(
            "Passed",
            &format!(
                "stairway test on {}: {} revisions upgrade, downgrade and upgrade again to the same schema",
                backend.name(),
                registry.len()
            ),
        );
    }
    Ok(migrate_graph::contract::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_database_keeps_the_server_and_the_query() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/app?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(
            with_database("mysql://root@h:3306", "x"),
            "mysql://root@h:3306/x"
        );
    }
}
