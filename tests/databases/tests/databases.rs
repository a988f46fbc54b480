//! cargo-migrate on real databases: PostgreSQL, MariaDB/MySQL and SQLite. Each test creates its
//! own database and drops it. The servers come from `MIGRATE_TEST_POSTGRES_URL` and
//! `MIGRATE_TEST_MYSQL_URL` (default: the local servers every project machine runs); an
//! unreachable server fails the test, it never passes silently.
//!
//! The schema is checked by introspection (information_schema, pg_indexes, sqlite_master),
//! never by the absence of an error.

#[macro_use]
mod common;

use common::rt;

use std::process::{Command, Output};

use common::Backend;
use sqlx::{AnyConnection, Connection};

const HEAD: &str = "a09000000009";
const ALL: usize = 9;

type TestDb = common::Database;

impl TestDb {
    async fn conn(&self) -> AnyConnection {
        AnyConnection::connect(&self.url).await.unwrap()
    }

    /// The first column of every row, as text.
    async fn strings(&self, sql: &str) -> Vec<String> {
        common::strings(&mut self.conn().await, sql).await
    }

    async fn tables(&self) -> Vec<String> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name".to_string(),
            Backend::Postgres => "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1".to_string(),
            Backend::Mysql => format!("SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = '{}' ORDER BY 1", self.name),
        };
        self.strings(&sql).await
    }

    /// `name:nullable` for every column of `table`, in order.
    async fn columns(&self, table: &str) -> Vec<String> {
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "SELECT name || ':' || CASE WHEN \"notnull\" = 1 OR pk = 1 THEN 'not null' ELSE 'null' END FROM pragma_table_info('{table}') ORDER BY cid"
            ),
            Backend::Postgres => format!(
                "SELECT CAST(column_name AS TEXT) || ':' || CASE WHEN is_nullable = 'NO' THEN 'not null' ELSE 'null' END FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"
            ),
            Backend::Mysql => format!(
                "SELECT CAST(CONCAT(column_name, ':', IF(is_nullable = 'NO', 'not null', 'null')) AS CHAR) FROM information_schema.columns WHERE table_schema = '{}' AND table_name = '{table}' ORDER BY ordinal_position",
                self.name
            ),
        };
        self.strings(&sql).await
    }

    async fn indexes(&self, table: &str) -> Vec<String> {
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL ORDER BY name"
            ),
            Backend::Postgres => format!(
                "SELECT CAST(indexname AS TEXT) FROM pg_indexes WHERE schemaname = 'public' AND tablename = '{table}' AND indexname NOT LIKE '%_pkey' ORDER BY 1"
            ),
            Backend::Mysql => format!(
                "SELECT DISTINCT CAST(index_name AS CHAR) FROM information_schema.statistics WHERE table_schema = '{}' AND table_name = '{table}' AND index_name <> 'PRIMARY' ORDER BY 1",
                self.name
            ),
        };
        self.strings(&sql).await
    }

    /// The named constraints of `table` (SQLite: from its CREATE TABLE text).
    async fn constraints(&self, table: &str) -> Vec<String> {
        match self.backend {
            Backend::Sqlite => {
                let sql = self
                    .strings(&format!(
                        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
                    ))
                    .await
                    .join("");
                let mut names: Vec<String> = sql
                    .split("CONSTRAINT \"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next().map(str::to_string))
                    .collect();
                names.sort();
                names
            }
            Backend::Postgres => self
                .strings(&format!(
                    "SELECT CAST(constraint_name AS TEXT) FROM information_schema.table_constraints WHERE table_schema = 'public' AND table_name = '{table}' AND constraint_type IN ('UNIQUE', 'CHECK', 'FOREIGN KEY') AND constraint_name NOT LIKE '%_not_null' ORDER BY 1"
                ))
                .await,
            Backend::Mysql => self
                .strings(&format!(
                    "SELECT CAST(constraint_name AS CHAR) FROM information_schema.table_constraints WHERE table_schema = '{}' AND table_name = '{table}' AND constraint_type IN ('UNIQUE', 'CHECK', 'FOREIGN KEY') ORDER BY 1",
                    self.name
                ))
                .await,
        }
    }

    async fn versions(&self) -> Vec<String> {
        self.strings("SELECT version_num FROM alembic_version ORDER BY version_num")
            .await
    }

    async fn runs(&self) -> Vec<String> {
        self.strings("SELECT revision FROM runs ORDER BY revision")
            .await
    }
}

fn migrations(db: &TestDb, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_test-migrations"));
    cmd.args(args)
        .env("DATABASE_URL", &db.url)
        .env("NO_COLOR", "1");
    cmd.env_remove("MIGRATE_TEST_FAIL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run test-migrations")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        stderr(out)
    );
}

/// Every operation, checked by introspection, then down to base and up again.
fn operations(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "ops").await;
        assert_ok(&migrations(&db, &["upgrade", "head"], &[]));

        // The lock table holds the checksum checkpoint, a claim of a step outside a
        // transaction, and Galera's run lock.
        assert_eq!(
            db.tables().await,
            [
                "alembic_version",
                "alembic_version_lock",
                "alembic_version_log",
                "author",
                "half",
                "runs",
                "tag",
                "volume",
            ]
        );
        assert_eq!(
            db.columns("volume").await,
            [
                "id:not null",
                "author_id:not null",
                "name:not null",
                "price:not null"
            ],
            "title renamed to name, isbn dropped, price made NOT NULL"
        );
        assert_eq!(
            db.columns("author").await,
            ["id:not null", "name:not null", "bio:null"],
            "add_column_if_not_exists added bio once"
        );
        assert_eq!(
            db.strings("SELECT name FROM volume WHERE price = 12").await,
            ["Earthsea"],
            "rows survive the table copy and the type change"
        );
        assert!(
            db.indexes("volume")
                .await
                .contains(&"ix_volume_price".to_string())
        );
        assert!(
            !db.indexes("volume")
                .await
                .iter()
                .any(|i| i == "ux_book_isbn")
        );
        assert!(
            db.indexes("author")
                .await
                .contains(&"ix_author_name".to_string())
        );
        let author = db.constraints("author").await;
        assert!(author.contains(&"uq_author_name".to_string()), "{author:?}");
        let volume = db.constraints("volume").await;
        assert!(
            volume.contains(&"fk_volume_author".to_string()),
            "{volume:?}"
        );
        assert!(
            !volume.contains(&"ck_volume_price".to_string()),
            "{volume:?}"
        );
        assert_eq!(db.runs().await.len(), ALL, "each revision ran once");
        let dialect = match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        };
        assert_eq!(db.strings("SELECT name FROM tag").await, [dialect], "execute_on");
        let primary = match backend {
            Backend::Sqlite => db
                .strings("SELECT name FROM pragma_table_info('tag') WHERE pk = 1")
                .await,
            Backend::Postgres => db
                .strings("SELECT CAST(kcu.column_name AS TEXT) FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name WHERE tc.table_name = 'tag' AND tc.constraint_type = 'PRIMARY KEY' AND tc.constraint_name = 'pk_tag'")
                .await,
            Backend::Mysql => db
                .strings(&format!("SELECT CAST(column_name AS CHAR) FROM information_schema.key_column_usage WHERE table_schema = '{}' AND table_name = 'tag' AND constraint_name = 'PRIMARY'", db.name))
                .await,
        };
        assert_eq!(primary, ["name"], "create_primary_key");
        assert_eq!(db.versions().await, [HEAD]);

        // The foreign key is enforced with its ON DELETE CASCADE.
        let mut conn = db.conn().await;
        if backend == Backend::Sqlite {
            sqlx::raw_sql("PRAGMA foreign_keys = ON")
                .execute(&mut conn)
                .await
                .unwrap();
        }
        sqlx::raw_sql("DELETE FROM author WHERE id = 1")
            .execute(&mut conn)
            .await
            .unwrap();
        let left = sqlx::raw_sql("SELECT id FROM volume")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert!(left.is_empty(), "ON DELETE CASCADE removed the volume");
        conn.close().await.unwrap();

        assert_ok(&migrations(&db, &["downgrade", "base"], &[]));
        assert_eq!(
            db.tables().await,
            ["alembic_version", "alembic_version_lock", "alembic_version_log"]
        );
        assert!(db.versions().await.is_empty());
        assert_ok(&migrations(&db, &["upgrade", "head"], &[]));
        assert_eq!(db.versions().await, [HEAD]);
        db.drop().await;
    });
}

/// A migration whose first statement fails applied nothing, on every database: it is reported
/// as such (on MySQL too, where DDL commits as it goes, it is not half-applied), and the next
/// run goes on.
fn first_statement_fails(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "first").await;
        let out = migrations(
            &db,
            &["upgrade", "head"],
            &[("MIGRATE_TEST_FAIL_FIRST", "1")],
        );
        assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
        let err = stderr(&out);
        if backend == Backend::Mysql {
            assert!(
                err.contains(&format!("revision {HEAD} (fails half-way on demand) failed before any of its statements took effect: nothing was changed and nothing is half-applied")),
                "{err}"
            );
        } else {
            assert!(err.contains("rolled back"), "{err}");
        }
        assert!(
            err.contains("while running `INSERT INTO no_such_table VALUES (1)`"),
            "the error names the statement that failed: {err}"
        );
        assert!(!err.contains("may be half-applied"), "{err}");
        assert_eq!(db.versions().await, ["a08000000008"]);
        assert!(!db.tables().await.contains(&"half".to_string()));
        let log = db
            .strings(&format!(
                "SELECT status FROM alembic_version_log WHERE revision = '{HEAD}' ORDER BY id"
            ))
            .await;
        assert_eq!(log, ["rolled back"], "the event log says nothing took effect");
        assert_ok(&migrations(&db, &["upgrade", "head"], &[]));
        assert_eq!(db.versions().await, [HEAD]);
        db.drop().await;
    });
}

/// A migration that fails half-way: nothing of it remains where DDL is transactional; on
/// MySQL the half-applied state is reported and blocks the next run until resolved.
fn failure(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "fail").await;
        let out = migrations(&db, &["upgrade", "head"], &[("MIGRATE_TEST_FAIL", "1")]);
        assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
        assert!(stderr(&out).contains(HEAD), "{}", stderr(&out));
        // Statements before it ran (a table, an index), yet the error names the failing one.
        assert!(
            stderr(&out).contains("while running `INSERT INTO no_such_table VALUES (1)`"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            db.versions().await,
            ["a08000000008"],
            "never recorded as applied"
        );
        let has_half = db.tables().await.contains(&"half".to_string());
        if backend == Backend::Mysql {
            assert!(has_half, "MySQL committed the CREATE TABLE");
            assert!(stderr(&out).contains("half-applied"), "{}", stderr(&out));
            assert!(
                stderr(&out).contains("these of its statements took effect: `CREATE TABLE `half`"),
                "the message lists what took effect: {}",
                stderr(&out)
            );
            let blocked = migrations(&db, &["upgrade", "head"], &[]);
            assert_eq!(blocked.status.code(), Some(6), "{}", stderr(&blocked));
            assert!(stderr(&blocked).contains(&format!("revision {HEAD} is half-applied")));
            assert!(stderr(&blocked).contains("stamp"), "{}", stderr(&blocked));
            assert_eq!(db.versions().await, ["a08000000008"]);
            // Resolve: undo by hand, record where the database is, run again.
            let mut conn = db.conn().await;
            sqlx::raw_sql("DROP TABLE half")
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
            assert_ok(&migrations(&db, &["stamp", "a08000000008"], &[]));
        } else {
            assert!(!has_half, "the failed migration left nothing");
            assert!(stderr(&out).contains("rolled back"), "{}", stderr(&out));
        }
        assert_ok(&migrations(&db, &["upgrade", "head"], &[]));
        assert_eq!(db.versions().await, [HEAD]);
        assert_eq!(db.runs().await.len(), ALL);
        db.drop().await;
    });
}

/// 16 processes upgrade the same database at once: all succeed, each migration runs once.
fn concurrency(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "conc").await;
        let children: Vec<_> = (0..16)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_test-migrations"))
                    .args(["-q", "upgrade", "head"])
                    .env("DATABASE_URL", &db.url)
                    .env_remove("MIGRATE_TEST_FAIL")
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_ok(&out);
        }
        let runs = db.runs().await;
        assert_eq!(
            runs.len(),
            ALL,
            "every migration ran exactly once: {runs:?}"
        );
        let mut unique = runs.clone();
        unique.dedup();
        assert_eq!(unique.len(), ALL);
        assert_eq!(db.versions().await, [HEAD]);
        db.drop().await;
    });
}

/// While another session holds the lock, a run waits, names the holder, and gives up at
/// `--lock-timeout` without writing anything.
fn lock_timeout(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "lock").await;
        let mut holder = db.conn().await;
        let _file;
        match backend {
            Backend::Postgres => {
                sqlx::raw_sql("SELECT pg_advisory_lock(7161130671068245353)")
                    .execute(&mut holder)
                    .await
                    .unwrap();
            }
            Backend::Mysql => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "SELECT GET_LOCK('cargo_migrate.{}', 0)",
                    db.name
                )))
                .execute(&mut holder)
                .await
                .unwrap();
            }
            Backend::Sqlite => {
                let path = db
                    .url
                    .trim_start_matches("sqlite:")
                    .split('?')
                    .next()
                    .unwrap();
                let file = std::fs::File::create(format!("{path}.migrate-lock")).unwrap();
                file.lock().unwrap();
                _file = file;
            }
        }
        let out = migrations(&db, &["upgrade", "head", "--lock-timeout", "1"], &[]);
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("Waiting for the migration lock, held by"),
            "{err}"
        );
        assert!(err.contains("timed out after 1 s"), "{err}");
        assert!(!db.tables().await.contains(&"author".to_string()));
        holder.close().await.unwrap();
        db.drop().await;
    });
}

/// A long upgrade killed (SIGKILL) at several points and restarted: on PostgreSQL and SQLite
/// the restart finishes the job and every migration ran exactly once; on MySQL a kill inside a
/// migration is reported as half-applied instead of being guessed at. (A migration declared
/// `transactional = false` is reported the same way on every database.)
fn killed_and_restarted(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "kill").await;
        for delay_ms in [150u64, 450, 900] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_test-migrations"))
                // a01..a07 run in transactions where the database allows (a08 does not).
                .args(["-q", "upgrade", "a07000000007"])
                .env("DATABASE_URL", &db.url)
                .env("MIGRATE_TEST_SLOW_MS", "120")
                .env_remove("MIGRATE_TEST_FAIL")
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            let _ = child.kill();
            let _ = child.wait();
        }
        let out = migrations(&db, &["upgrade", "head"], &[]);
        if backend == Backend::Mysql && out.status.code() == Some(6) {
            let err = stderr(&out);
            assert!(err.contains("is half-applied"), "{err}");
            assert!(err.contains("stamp"), "{err}");
        } else {
            assert_ok(&out);
            let runs = db.runs().await;
            assert_eq!(runs.len(), ALL, "each migration ran exactly once: {runs:?}");
            let mut unique = runs.clone();
            unique.dedup();
            assert_eq!(unique.len(), ALL, "{runs:?}");
            assert_eq!(db.versions().await, [HEAD]);
        }
        db.drop().await;
    });
}

/// A migration whose code panics: one error line (no Rust panic report), its transaction rolled
/// back where the database allows, the failure in the event log, and the lock released so that
/// the next run goes straight on.
fn panic_in_a_migration(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "panic").await;
        let out = migrations(
            &db,
            &["upgrade", "head"],
            &[("MIGRATE_TEST_PANIC_AT", "a03000000003")],
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(5), "{err}");
        assert!(!err.contains("thread 'main' panicked"), "{err}");
        assert!(
            err.contains("revision a03000000003 (price is required) failed")
                && err.contains("its code panicked: revision a03000000003 panics on purpose")
                && err.contains("tests/databases/src/lib.rs:"),
            "{err}"
        );
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{err}"
        );
        assert_eq!(
            db.versions().await,
            ["a02000000002"],
            "never recorded as applied"
        );
        let status = if backend == Backend::Mysql {
            "failed"
        } else {
            "rolled back"
        };
        let logged = db
            .strings(&format!(
                "SELECT revision FROM alembic_version_log WHERE status = '{status}'"
            ))
            .await;
        assert_eq!(logged, ["a03000000003"]);
        if backend == Backend::Mysql {
            // The ALTER committed before the panic: the half-applied state blocks the next run.
            let blocked = migrations(&db, &["upgrade", "head", "--lock-timeout", "1"], &[]);
            assert_eq!(blocked.status.code(), Some(6), "{}", stderr(&blocked));
        } else {
            // The lock was released: the next run does not wait.
            let next = migrations(&db, &["upgrade", "head", "--lock-timeout", "1"], &[]);
            assert_ok(&next);
            assert_eq!(db.versions().await, [HEAD]);
            assert_eq!(db.runs().await.len(), ALL);
        }
        db.drop().await;
    });
}

/// The event log's duration of a step counts its statements' time in the database, not only
/// its code's: a statement that keeps the database busy for half a second or more shows.
fn duration_counts_the_statements(backend: Backend) {
    rt().block_on(async {
        let db = TestDb::new(backend, "duration").await;
        let started = std::time::Instant::now();
        assert_ok(&migrations(
            &db,
            &["-q", "upgrade", "head"],
            &[("MIGRATE_TEST_SLOW_SQL", "1")],
        ));
        let wall = started.elapsed().as_millis() as i64;
        let text = if backend == Backend::Mysql { "CHAR" } else { "TEXT" };
        let durations = db
            .strings(&format!(
                "SELECT CAST(duration_ms AS {text}) FROM alembic_version_log WHERE revision = '{HEAD}'"
            ))
            .await;
        let [duration] = durations.as_slice() else {
            panic!("one event for {HEAD}: {durations:?}");
        };
        let duration: i64 = duration.parse().unwrap();
        assert!(
            (400..=wall).contains(&duration),
            "{HEAD} took {duration} ms by the log, the whole run {wall} ms"
        );
        assert!(db.tables().await.contains(&"half".to_string()));
        db.drop().await;
    });
}

per_backend!(
    duration_counts_the_statements,
    operations,
    failure,
    concurrency,
    first_statement_fails,
    lock_timeout,
    killed_and_restarted,
    panic_in_a_migration
);

#[test]
fn postgres_lock_key_is_the_runners() {
    // The PostgreSQL key used above is the runner's: "cargo-mi" as a big-endian i64.
    assert_eq!(i64::from_be_bytes(*b"cargo-mi"), 7161130671068245353);
}
