//! One revision file runs unchanged on SQLite, PostgreSQL and MariaDB (named foreign keys), and
//! what a database cannot do (a partial index on MariaDB) is refused before anything is sent,
//! online and offline. Each test creates its own database and drops it.

#[macro_use]
mod common;

use common::{Backend, rt};

use migrate_core::{Config, Dialect, Error, Migrator};
use migrate_graph::Direction;
use sqlx::{AnyConnection, Connection};

migrate_core::include_versions!("tests/portable_versions");

fn migrator(url: &str) -> Migrator {
    Migrator::new(MIGRATIONS, Config::resolve(&MIGRATIONS, Some(url)).unwrap()).unwrap()
}

/// The foreign keys of `item`, by name, from the database's own catalog.
async fn foreign_keys(db: &common::Database) -> Vec<String> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'item'".to_string()
        }
        Backend::Postgres => "SELECT CAST(constraint_name AS TEXT) FROM information_schema.table_constraints WHERE table_schema = 'public' AND table_name = 'item' AND constraint_type = 'FOREIGN KEY'".to_string(),
        Backend::Mysql => format!(
            "SELECT CAST(constraint_name AS CHAR) FROM information_schema.table_constraints WHERE table_schema = '{}' AND table_name = 'item' AND constraint_type = 'FOREIGN KEY'",
            db.name
        ),
    };
    let mut conn = AnyConnection::connect(&db.url).await.unwrap();
    let rows = common::strings(&mut conn, &sql).await;
    if db.backend != Backend::Sqlite {
        return rows;
    }
    // SQLite keeps a constraint's name only in the table's SQL.
    let sql = rows.join("");
    sql.split("CONSTRAINT \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .filter(|_| sql.contains("FOREIGN KEY"))
        .collect()
}

/// A named foreign key declared in `Table::create()` keeps its name everywhere, so that
/// `drop_foreign_key` drops it (and the downgrade puts it back).
fn named_foreign_keys(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "portable_fk").await;
        let m = migrator(&db.url);
        m.upgrade("b10000000001").await.expect("create the tables");
        assert_eq!(foreign_keys(&db).await, ["fk_item_product"]);
        m.upgrade("b20000000002")
            .await
            .expect("drop the named foreign key");
        assert!(foreign_keys(&db).await.is_empty());
        m.downgrade("b10000000001").await.expect("put it back");
        assert_eq!(foreign_keys(&db).await, ["fk_item_product"]);
        m.downgrade("base").await.expect("down to base");
        db.drop().await;
    });
}

/// A partial index runs on PostgreSQL and SQLite; on MariaDB it is refused, naming the
/// operation and the alternative, and no index is created.
fn partial_index(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "portable_ix").await;
        let m = migrator(&db.url);
        m.upgrade("b20000000002").await.expect("the tables");
        let outcome = m.upgrade("b30000000003").await;
        let mut conn = AnyConnection::connect(&db.url).await.unwrap();
        let indexed = common::strings(
            &mut conn,
            &match backend {
                Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ix_item_big_qty'".to_string(),
                Backend::Postgres => "SELECT CAST(indexname AS TEXT) FROM pg_indexes WHERE indexname = 'ix_item_big_qty'".to_string(),
                Backend::Mysql => format!("SELECT DISTINCT CAST(index_name AS CHAR) FROM information_schema.statistics WHERE table_schema = '{}' AND index_name = 'ix_item_big_qty'", db.name),
            },
        )
        .await;
        if backend == Backend::Mysql {
            let error = outcome.expect_err("MariaDB has no partial index");
            let text = error.to_string();
            assert!(
                text.contains("create_index \"ix_item_big_qty\" cannot run on mysql")
                    && text.contains("partial index")
                    && text.contains("refused before anything was sent")
                    && text.contains("without .and_where()"),
                "{text}"
            );
            assert_eq!(error.exit_code(), migrate_graph::contract::exit::MIGRATION);
            assert!(indexed.is_empty(), "no index was created: {indexed:?}");
            assert_eq!(m.current().await.unwrap(), ["b20000000002"]);
            // Nothing was sent, so the database is not half-applied: the same refusal again.
            let again = m.upgrade("b30000000003").await.expect_err("refused again");
            assert!(
                matches!(&again, Error::FailedBeforeChanges { source, .. } if matches!(**source, Error::NotSupported { .. })),
                "{again:?}"
            );
            assert!(again.to_string().contains("nothing is half-applied"), "{again}");
        } else {
            outcome.expect("a partial index");
            assert_eq!(indexed, ["ix_item_big_qty"]);
            assert_eq!(m.current().await.unwrap(), ["b30000000003"]);
        }
        db.drop().await;
    });
}

per_backend!(named_foreign_keys, partial_index);

/// Offline (`--sql --dialect mysql`), the partial index is refused the same way, and the
/// SQLite script names its foreign key.
#[test]
fn offline_scripts() {
    rt().block_on(async {
        let mysql = migrator("mysql://offline/offline");
        let error = mysql
            .script(Direction::Upgrade, "head")
            .await
            .expect_err("no partial index on mysql");
        assert!(
            matches!(&error, Error::MigrationFailed { source, .. } if matches!(**source, Error::NotSupported { .. })),
            "{error:?}"
        );
        assert!(error.to_string().contains("without .and_where()"), "{error}");
        let sqlite = migrator("sqlite::memory:");
        assert_eq!(sqlite.dialect(), Dialect::Sqlite);
        let script = sqlite.script(Direction::Upgrade, "b10000000001").await.unwrap();
        assert!(
            script.contains("CONSTRAINT \"fk_item_product\" FOREIGN KEY (\"product_id\")"),
            "{script}"
        );
        let postgres = migrator("postgres://offline/offline");
        let script = postgres.script(Direction::Upgrade, "head").await.unwrap();
        assert!(script.contains("WHERE \"qty\" > 100"), "{script}");
    });
}
