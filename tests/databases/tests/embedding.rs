//! The library API an application embeds, PostgreSQL's TLS and version-table schema, and
//! `--single-transaction`. Each test creates its own database and drops it.

mod common;

use std::process::Command;

use common::Backend;

use migrate_core::{Config, Error, Migrator};
use sqlx::{AnyConnection, Connection};

const HEAD: &str = "a09000000009";

/// A database of its own on `backend`'s server; returns its URL and a guard that drops it.
async fn database(backend: Backend, tag: &str) -> (String, Dropper) {
    let (name, url) = common::create_database(backend, tag).await;
    (url, Dropper { backend, name })
}

struct Dropper {
    backend: Backend,
    name: String,
}

impl Dropper {
    async fn drop(self) {
        common::drop_database(self.backend, &self.name).await;
    }
}

async fn strings(url: &str, sql: &str) -> Vec<String> {
    common::strings(&mut AnyConnection::connect(url).await.unwrap(), sql).await
}

fn config(url: &str) -> Config {
    Config::resolve(&migrate_db_tests::MIGRATIONS, Some(url)).unwrap()
}

/// An application refuses to start on an old database, migrates through its own pool's
/// settings, and starts.
#[tokio::test]
async fn an_application_migrates_at_start_up_through_its_pool() {
    for backend in [Backend::Postgres, Backend::Mysql] {
        let (url, guard) = database(backend, "embed").await;
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let migrator = Migrator::for_pool(migrate_db_tests::MIGRATIONS, &pool).unwrap();
        let refused = migrator.ensure_at_head().await.unwrap_err();
        assert!(matches!(refused, Error::NotAtHead { .. }), "{refused:?}");
        assert!(refused.to_string().contains("upgrade"), "{refused}");
        let report = migrator.upgrade("heads").await.unwrap();
        assert_eq!(report.steps.len(), 9);
        migrator.ensure_at_head().await.expect("at head now");
        pool.close().await;
        guard.drop().await;
    }
}

/// `version-table-schema` puts the version table (and the event log) in that schema.
#[tokio::test]
async fn postgres_version_table_schema_that_does_not_exist() {
    // A database migrated with the version table in `public`, then a typo in
    // version-table-schema: refused, nothing created, nothing replayed.
    let (url, guard) = database(Backend::Postgres, "typo").await;
    let migrator = Migrator::new(migrate_db_tests::MIGRATIONS, config(&url)).unwrap();
    migrator.upgrade("a03000000003").await.unwrap();
    let mut typo = config(&url);
    typo.version_table_schema = Some("nope".into());
    let migrator = Migrator::new(migrate_db_tests::MIGRATIONS, typo).unwrap();
    let err = migrator.upgrade("head").await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("the schema \"nope\" (version-table-schema in [package.metadata.migrate]) does not exist in this database, which already has tables"),
        "{text}"
    );
    assert!(text.contains("Fix the name"), "{text}");
    assert_eq!(err.exit_code(), migrate_graph::contract::exit::USAGE);
    assert!(
        strings(
            &url,
            "SELECT CAST(schema_name AS TEXT) FROM information_schema.schemata WHERE schema_name = 'nope'"
        )
        .await
        .is_empty(),
        "the schema was not created"
    );
    assert_eq!(
        strings(&url, "SELECT revision FROM runs ORDER BY revision").await,
        ["a01000000001", "a02000000002", "a03000000003"],
        "nothing was replayed"
    );
    guard.drop().await;
}

#[tokio::test]
async fn postgres_version_table_in_a_schema() {
    let (url, guard) = database(Backend::Postgres, "schema").await;
    let mut config = config(&url);
    config.version_table_schema = Some("meta".into());
    let migrator = Migrator::new(migrate_db_tests::MIGRATIONS, config).unwrap();
    migrator.upgrade("head").await.unwrap();
    assert_eq!(
        strings(&url, "SELECT version_num FROM meta.alembic_version").await,
        [HEAD]
    );
    let public = strings(
        &url,
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'alembic%'",
    )
    .await;
    assert!(public.is_empty(), "{public:?}");
    assert_eq!(migrator.current().await.unwrap(), [HEAD]);
    guard.drop().await;
}

/// The URL's TLS settings reach the driver: `sslmode=require` connects over TLS to the local
/// server (self-signed), `sslmode=verify-full` refuses its certificate.
#[tokio::test]
async fn postgres_tls_settings_from_the_url() {
    let (url, guard) = database(Backend::Postgres, "tls").await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let bin = env!("CARGO_BIN_EXE_test-migrations");
    let require = Command::new(bin)
        .args(["-q", "upgrade", "head"])
        .env("DATABASE_URL", format!("{url}{sep}sslmode=require"))
        .output()
        .unwrap();
    assert!(
        require.status.success(),
        "{}",
        String::from_utf8_lossy(&require.stderr)
    );
    let verify = Command::new(bin)
        .args(["current"])
        .env("DATABASE_URL", format!("{url}{sep}sslmode=verify-full"))
        .output()
        .unwrap();
    assert_eq!(
        verify.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
    assert!(String::from_utf8_lossy(&verify.stderr).contains("cannot connect to"));
    guard.drop().await;
}

/// One transaction for the whole run: a failure undoes every revision of the run; one
/// transaction per migration keeps those before it.
#[tokio::test]
async fn single_transaction_rolls_back_the_whole_run() {
    for single in [true, false] {
        let (url, guard) = database(Backend::Postgres, "single").await;
        let bin = env!("CARGO_BIN_EXE_test-migrations");
        let mut args = vec!["upgrade", "a07000000007"];
        if single {
            args.push("--single-transaction");
        }
        let out = Command::new(bin)
            .args(&args)
            .env("DATABASE_URL", &url)
            .env("MIGRATE_TEST_FAIL_AT", "a05000000005")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let versions = strings(&url, "SELECT version_num FROM alembic_version").await;
        let tables = strings(
            &url,
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('author', 'volume', 'book')",
        )
        .await;
        if single {
            assert!(versions.is_empty(), "{versions:?}");
            assert!(tables.is_empty(), "{tables:?}");
        } else {
            assert_eq!(versions, ["a04000000004"]);
            assert_eq!(tables.len(), 2, "{tables:?}");
        }
        guard.drop().await;
    }
    // A migration that must run outside a transaction ends the run's transaction, and says so.
    let (url, guard) = database(Backend::Postgres, "single_nt").await;
    let out = Command::new(env!("CARGO_BIN_EXE_test-migrations"))
        .args(["upgrade", "head", "--single-transaction"])
        .env("DATABASE_URL", &url)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("Committed the revisions before a08000000008 (it runs outside a transaction)"),
        "{err}"
    );
    guard.drop().await;
}
