//! Adopting a database that real Alembic manages (README, "Adopting a database Alembic
//! manages"): Alembic migrates a SQLite file with its own ids (`0001_Initial`, `B2c4D6e8F0a1`:
//! not lowercase hex), then `cargo migrate revision --rev-id <Alembic's head id>` and `stamp`
//! take it over, and the next revision runs on top. Alembic comes from PyPI into
//! `target/alembic-venv` (`migrate_tests::alembic_python`); without it the test fails.

mod common;

use std::path::Path;
use std::process::Command;

use common::Workspace;

const ALEMBIC_INI: &str = "[alembic]
script_location = %(here)s/alembic
sqlalchemy.url = sqlite:///%(here)s/app.db
";

const ENV_PY: &str = "from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section), prefix=\"sqlalchemy.\", poolclass=pool.NullPool
)
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
";

fn alembic_revision(id: &str, down: Option<&str>, up: &str, downgrade: &str) -> String {
    let down = down.map_or("None".to_owned(), |d| format!("{d:?}"));
    format!(
        "revision = {id:?}\ndown_revision = {down}\nbranch_labels = None\ndepends_on = None\n\n\
         from alembic import op\n\n\ndef upgrade():\n    op.execute({up:?})\n\n\n\
         def downgrade():\n    op.execute({downgrade:?})\n"
    )
}

/// Runs Python with Alembic in `dir`: `python -c <code>` or `python -m alembic <args>`.
fn python(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(migrate_tests::alembic_python())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "python {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `SELECT` through Python's sqlite3, one line per row, columns joined by `|`.
fn query(db: &Path, sql: &str) -> Vec<String> {
    let code = format!(
        "import sqlite3\nfor row in sqlite3.connect({:?}).execute({sql:?}): print('|'.join(map(str, row)))",
        db.display().to_string()
    );
    python(db.parent().unwrap(), &["-c", &code])
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_database_migrated_by_alembic_is_taken_over() {
    let ws = Workspace::new();
    // The Alembic project beside the workspace, with ids Alembic accepts and we keep as they are.
    let alembic = ws.root().join("legacy");
    std::fs::create_dir_all(alembic.join("alembic/versions")).unwrap();
    std::fs::write(alembic.join("alembic.ini"), ALEMBIC_INI).unwrap();
    std::fs::write(alembic.join("alembic/env.py"), ENV_PY).unwrap();
    std::fs::write(
        alembic.join("alembic/versions/0001_Initial_create_item.py"),
        alembic_revision(
            "0001_Initial",
            None,
            "CREATE TABLE item (id INTEGER PRIMARY KEY)",
            "DROP TABLE item",
        ),
    )
    .unwrap();
    let head = "B2c4D6e8F0a1";
    std::fs::write(
        alembic.join(format!("alembic/versions/{head}_add_price.py")),
        alembic_revision(
            head,
            Some("0001_Initial"),
            "ALTER TABLE item ADD COLUMN price INTEGER",
            "ALTER TABLE item DROP COLUMN price",
        ),
    )
    .unwrap();
    python(&alembic, &["-m", "alembic", "upgrade", "head"]);
    let db = alembic.join("app.db");
    assert_eq!(
        query(&db, "SELECT version_num FROM alembic_version"),
        [head]
    );

    // Taken over: a revision with Alembic's head id, describing the schema as it is.
    ws.ok(&["init"]);
    let adopted = ws
        .ok(&[
            "revision",
            "-m",
            "schema adopted from alembic",
            "--rev-id",
            head,
        ])
        .created();
    let text = ws
        .read(&adopted)
        .replace(
            "Err(Error::UnwrittenUpgrade)",
            "op.execute(\"CREATE TABLE item (id INTEGER PRIMARY KEY, price INTEGER)\").await",
        )
        .replace(
            "Err(Error::UnwrittenDowngrade)",
            "op.execute(\"DROP TABLE item\").await",
        );
    std::fs::write(ws.root().join(&adopted), text).unwrap();
    let url = format!("sqlite:{}", db.display());
    let with_db = |args: &[&str]| {
        let mut all = vec!["--database-url", url.as_str()];
        all.extend_from_slice(args);
        ws.ok(&all)
    };
    with_db(&["stamp", head]);
    let current = with_db(&["current"]);
    assert_eq!(
        current.stdout_lines(),
        [format!("{head} (head)")],
        "{current}"
    );

    // The next revision runs on top of Alembic's history, and only it runs.
    let next = ws.ok(&["revision", "-m", "add stock"]).created();
    assert!(
        ws.read(&next)
            .contains(&format!("down_revision = \"{head}\"")),
        "{next}"
    );
    let text = ws
        .read(&next)
        .replace(
            "Err(Error::UnwrittenUpgrade)",
            "op.execute(\"ALTER TABLE item ADD COLUMN stock INTEGER\").await",
        )
        .replace(
            "Err(Error::UnwrittenDowngrade)",
            "op.execute(\"ALTER TABLE item DROP COLUMN stock\").await",
        );
    std::fs::write(ws.root().join(&next), text).unwrap();
    let upgrade = with_db(&["upgrade", "head"]);
    let next_id = Path::new(&next)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .split('_')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        upgrade.stderr.contains(&format!("{head} -> {next_id}")),
        "{upgrade}"
    );
    assert_eq!(
        query(&db, "SELECT version_num FROM alembic_version"),
        std::slice::from_ref(&next_id)
    );
    assert_eq!(
        query(
            &db,
            "SELECT name FROM pragma_table_info('item') ORDER BY cid"
        ),
        ["id", "price", "stock"]
    );
    // And back down to where Alembic left it.
    with_db(&["downgrade", head]);
    assert_eq!(
        query(&db, "SELECT version_num FROM alembic_version"),
        [head]
    );
    assert_eq!(
        query(
            &db,
            "SELECT name FROM pragma_table_info('item') ORDER BY cid"
        ),
        ["id", "price"]
    );
}
