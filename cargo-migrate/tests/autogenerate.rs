//! `cargo migrate revision --autogenerate` end to end, on SQLite, PostgreSQL and MariaDB: a
//! database at schema A, the revision generated for B applied, the database introspected equal
//! to B, autogenerate right after finding no changes, the downgrade bringing back A; the
//! generated files compile (the runtime commands build them) and pass `rustfmt --check`.
//!
//! The desired schema comes from a `migrate_core::SchemaSource` registered in the test's
//! migrations crate that reads a JSON file (the models registry plugs in the same way).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestDatabase, Workspace, repo};
use migrate_graph::contract::exit;
use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, PrimaryKey, Schema,
    Table, Unique, diff,
};

const SOURCE: &str = r#"
inventory::submit! {
    migrate_core::SchemaSource { name: "models", schema: desired }
}

fn desired(dialect: migrate_schema::Dialect) -> migrate_schema::Schema {
    let path = std::env::var("DESIRED_SCHEMA").expect("DESIRED_SCHEMA names the desired schema");
    let text = std::fs::read_to_string(&path).expect("the desired schema is readable");
    let mut schema: migrate_schema::Schema = serde_json::from_str(&text).expect("JSON schema");
    schema.dialect = dialect;
    schema
}
"#;

/// A workspace whose migrations crate, `name`, takes its models from `DESIRED_SCHEMA`. Each
/// test names its own crate: the workspaces share one target folder, and so the binary's path.
fn workspace(name: &str) -> Workspace {
    let ws = Workspace::new();
    ws.ok(&["init", "--name", name]);
    let manifest = ws.root().join(name).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        "[dependencies]\n",
        &format!(
            "[dependencies]\nmigrate-schema = {{ path = {:?} }}\nserde_json = \"1\"\ninventory = \"0.3.25\"\n",
            repo().join("migrate-schema").display().to_string()
        ),
    );
    std::fs::write(&manifest, text).unwrap();
    let lib = ws.root().join(name).join("src/lib.rs");
    let mut text = std::fs::read_to_string(&lib).unwrap();
    text.push_str(SOURCE);
    std::fs::write(&lib, text).unwrap();
    ws
}

fn pk(columns: &[&str]) -> PrimaryKey {
    PrimaryKey {
        name: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
    }
}

/// Schema A: two tables, a foreign key, a unique constraint, an index, defaults.
fn schema_a(d: Dialect) -> Schema {
    let mut s = Schema::new(d)
        .with_table(
            Table::new("account")
                .with_column(Column::new("id", "integer").auto_increment())
                .with_column(Column::new("email", "varchar(200)"))
                .with_column(Column::new("active", "boolean").default_sql("true"))
                .with_primary_key(pk(&["id"]))
                .with_unique(Unique {
                    name: None,
                    columns: vec!["email".into()],
                }),
        )
        .with_table(
            Table::new("post")
                .with_column(Column::new("id", "integer").auto_increment())
                .with_column(Column::new("account_id", "integer"))
                .with_column(Column::new("title", "varchar(100)").default_sql("'untitled'"))
                .with_column(Column::new("body", "text").null())
                .with_primary_key(pk(&["id"]))
                .with_foreign_key(ForeignKey {
                    name: Some("fk_post_account".into()),
                    columns: vec!["account_id".into()],
                    referenced_schema: None,
                    referenced_table: "account".into(),
                    referenced_columns: vec!["id".into()],
                    on_delete: Action::Cascade,
                    on_update: Action::NoAction,
                })
                .with_index(Index::on("ix_post_title", &["title"])),
        );
    if d == Dialect::Postgres {
        s = s.with_enum(EnumType {
            schema: None,
            name: "mood".into(),
            labels: vec!["sad".into(), "happy".into()],
        });
        let account = s.tables.get_mut("account").unwrap();
        account
            .columns
            .push(Column::new("mood", "mood").default_sql("'happy'"));
    }
    s.normalized()
}

/// Schema B: a column added, one widened, one dropped, a new table referencing an old one, an
/// index replaced by a partial or expression one, a check, an enum value added.
fn schema_b(d: Dialect) -> Schema {
    let mut s = schema_a(d);
    let account = s.tables.get_mut("account").unwrap();
    account
        .columns
        .push(Column::new("name", "varchar(80)").null());
    account.columns[1].column_type = "varchar(300)".into();
    account.checks.push(Check {
        name: Some("ck_account_email".into()),
        expression: "length(email) > 3".into(),
    });
    let post = s.tables.get_mut("post").unwrap();
    post.columns.retain(|c| c.name != "body");
    post.indexes = vec![match d {
        Dialect::Mysql => Index::on("ix_post_account_title", &["account_id", "title"]),
        _ => Index {
            name: "ix_post_lower_title".into(),
            parts: vec![IndexPart::expression("lower(title)")],
            unique: false,
            predicate: Some("account_id > 0".into()),
        },
    }];
    s = s.with_table(
        Table::new("tag")
            // SQLite's auto-incrementing key is its rowid, an INTEGER.
            .with_column(
                Column::new(
                    "id",
                    if d == Dialect::Sqlite {
                        "integer"
                    } else {
                        "bigint"
                    },
                )
                .auto_increment(),
            )
            .with_column(Column::new("post_id", "integer"))
            .with_column(Column::new("label", "varchar(40)"))
            .with_primary_key(pk(&["id"]))
            .with_foreign_key(ForeignKey {
                name: Some("fk_tag_post".into()),
                columns: vec!["post_id".into()],
                referenced_schema: None,
                referenced_table: "post".into(),
                referenced_columns: vec!["id".into()],
                on_delete: Action::NoAction,
                on_update: Action::NoAction,
            }),
    );
    if d == Dialect::Postgres {
        s.enums.get_mut("mood").unwrap().labels = vec!["sad".into(), "ok".into(), "happy".into()];
    }
    s.normalized()
}

/// Runs `cargo migrate` with the desired schema `desired` and the database `db`.
struct Session<'a> {
    ws: &'a Workspace,
    db: &'a TestDatabase,
    desired: PathBuf,
}

impl Session<'_> {
    fn want(&self, schema: &Schema) {
        std::fs::write(&self.desired, serde_json::to_string(schema).unwrap()).unwrap();
    }

    fn run(&self, args: &[&str]) -> common::Run {
        let mut all = vec!["--database-url", self.db.url()];
        all.extend(args);
        let output = self
            .ws
            .command(&all)
            .env("DESIRED_SCHEMA", &self.desired)
            .output()
            .unwrap();
        common::Run::new(&all, output)
    }

    fn ok(&self, args: &[&str]) -> common::Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{run}");
        run
    }

    fn inspected(&self) -> Schema {
        let run = self.ok(&["inspect", "--format", "json"]);
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"))
    }

    fn autogenerate(&self, message: &str) -> common::Run {
        self.ok(&["revision", "--autogenerate", "--against-db", "-m", message])
    }
}

fn rustfmt_check(path: &Path) {
    let out = Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .arg(path)
        .output()
        .expect("rustfmt runs");
    assert!(
        out.status.success(),
        "{} is not rustfmt-clean:\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

fn assert_same(expected: &Schema, actual: &Schema, when: &str) {
    let d = diff(expected, actual);
    assert!(d.is_empty(), "{when}: the database differs:\n{d}");
}

fn round_trip(d: Dialect) {
    let ws = workspace(&format!("autogen_{}", d.name()));
    let db = TestDatabase::new(d);
    let session = Session {
        ws: &ws,
        db: &db,
        desired: ws.root().join("desired.json"),
    };
    let (a, b) = (schema_a(d), schema_b(d));

    // An empty database, models at A.
    session.want(&a);
    let first = session.autogenerate("schema a");
    let first_file = ws.root().join(first.created());
    rustfmt_check(&first_file);
    session.ok(&["upgrade", "head"]);
    assert_same(&a, &session.inspected(), "after the first upgrade");
    let again = session.autogenerate("nothing");
    assert!(
        again.stderr.contains("No changes in schema detected."),
        "{again}"
    );
    assert!(!again.stderr.contains("Created"), "{again}");

    // Models at B: `check` reports the difference (exit 8) before the revision.
    session.want(&b);
    let check = session.run(&["check"]);
    assert_eq!(check.code, i32::from(exit::CHECK), "{check}");
    assert!(
        check
            .stderr
            .contains("the models differ from the revisions at head"),
        "{check}"
    );
    assert!(check.stderr.contains("table tag: missing"), "{check}");

    let second = session.autogenerate("schema b");
    let second_file = ws.root().join(second.created());
    rustfmt_check(&second_file);
    let text = std::fs::read_to_string(&second_file).unwrap();
    assert!(
        text.contains("// WARNING: drops data: drops column post.body"),
        "{text}"
    );
    assert!(
        second
            .stderr
            .contains("warning: the revision drops column post.body: it loses data"),
        "{second}"
    );
    if d == Dialect::Postgres {
        assert!(text.contains("transactional = false"), "{text}");
        assert!(
            text.contains("ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'"),
            "{text}"
        );
    }
    session.ok(&["upgrade", "head"]);
    assert_same(&b, &session.inspected(), "after the upgrade to B");
    let idempotent = session.autogenerate("nothing");
    assert!(
        idempotent.stderr.contains("No changes in schema detected."),
        "{idempotent}"
    );
    let check = session.run(&["check"]);
    assert_eq!(check.code, 0, "{check}");

    // The downgrade restores A.
    session.ok(&["downgrade", "-1"]);
    assert_same(&a, &session.inspected(), "after the downgrade");
}

#[test]
fn round_trip_sqlite() {
    round_trip(Dialect::Sqlite);
}

#[test]
fn round_trip_postgres() {
    round_trip(Dialect::Postgres);
}

#[test]
fn round_trip_mysql() {
    round_trip(Dialect::Mysql);
}

/// A column renamed in the models: off a terminal the revision is refused with the flag that
/// settles it; `--rename` makes it a rename; at a terminal (a pty, by `script`) the y/N
/// prompt does.
#[test]
fn renames_are_asked_at_a_terminal_refused_off_one_and_settled_by_the_flag() {
    let d = Dialect::Sqlite;
    let ws = workspace("autogen_renames");
    let db = TestDatabase::new(d);
    let session = Session {
        ws: &ws,
        db: &db,
        desired: ws.root().join("desired.json"),
    };
    let a = schema_a(d);
    session.want(&a);
    session.autogenerate("schema a");
    session.ok(&["upgrade", "head"]);
    let mut renamed = a.clone();
    renamed.tables.get_mut("post").unwrap().columns[3].name = "content".into();
    session.want(&renamed);

    let before = ws.files();
    let refused = session.run(&["revision", "--autogenerate", "--against-db", "-m", "rename"]);
    assert_eq!(refused.code, i32::from(exit::USAGE), "{refused}");
    assert!(
        refused.stderr.contains(
            "error: possible renames, which autogenerate never takes as a drop and an add silently: rename column post.body to content; pass --rename post.body=content for those that are renames, or --no-rename to drop and add them"
        ),
        "{refused}"
    );
    assert_eq!(ws.files(), before, "nothing is written when refused");

    let bad = session.run(&[
        "revision",
        "--autogenerate",
        "--against-db",
        "-m",
        "r",
        "--rename",
        "body",
    ]);
    assert_eq!(bad.code, i32::from(exit::USAGE), "{bad}");
    assert!(
        bad.stderr.contains(
            "error: --rename body: expected old=new (a table) or table.old=new (a column of table)"
        ),
        "{bad}"
    );

    // At a terminal: answer y.
    let cargo_migrate = env!("CARGO_BIN_EXE_cargo-migrate");
    let line = format!(
        "{cargo_migrate} migrate --database-url '{}' revision --autogenerate --against-db -m 'rename body'",
        db.url()
    );
    let mut command = session.ws.command(&[]);
    let mut child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(ws.root())
        .envs(
            command
                .get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .env("DESIRED_SCHEMA", &session.desired)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _ = &mut command;
    {
        use std::io::Write;
        // The answer waits in the pty until the prompt reads it.
        child.stdin.take().unwrap().write_all(b"y\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("Rename column post.body to content? [y/N]"),
        "{shown}"
    );
    // The answer was typed ahead: its echo comes before the prompt, the status after it.
    let file = shown
        .split_once("Created ")
        .and_then(|(_, rest)| rest.lines().next())
        .unwrap_or_else(|| panic!("{shown}"))
        .trim()
        .to_owned();
    let text = std::fs::read_to_string(ws.root().join(&file)).unwrap();
    assert!(
        text.contains("op.rename_column(\"post\", \"body\", \"content\")"),
        "{text}"
    );
    assert!(!text.contains("drop_column"), "{text}");
    std::fs::remove_file(ws.root().join(&file)).unwrap();

    // The flag.
    let flagged = session.ok(&[
        "revision",
        "--autogenerate",
        "--against-db",
        "-m",
        "rename body",
        "--rename",
        "post.body=content",
        "--sql",
    ]);
    // `--sql`: the new revision's upgrade, as SQL.
    assert!(
        flagged
            .stdout
            .contains("ALTER TABLE \"post\" RENAME COLUMN \"body\" TO \"content\""),
        "{flagged}"
    );
    let text = ws.read(&flagged.created());
    assert!(
        text.contains("op.rename_column(\"post\", \"body\", \"content\")"),
        "{text}"
    );
    session.ok(&["upgrade", "head"]);
    assert_same(&renamed, &session.inspected(), "after the rename");
}
