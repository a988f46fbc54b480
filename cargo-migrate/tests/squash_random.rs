//! The proof of `squash` (issue 12): random histories squashed over random ranges by the real
//! `cargo migrate squash`, its file compiled and run, on SQLite, PostgreSQL and MariaDB.
//!
//! Each case writes a linear history of 3 to 6 revisions of random typed operations (tables,
//! columns, indexes, renames, drops), applies it to a reference database (the unsquashed
//! result), stops one database inside the range and one before it (at START's parent), squashes
//! a random range START..END, runs `upgrade head` on those two and on a fresh database, and
//! compares every one with the reference by introspection; the squash's downgrade is run too (up
//! to the squash and back to START's parent on the fresh database, compared with the database
//! stopped there). Each case costs two builds of the
//! migrations crate, so the count is small: 2 per backend (`PROPTEST_CASES` to change).

mod common;

use std::fmt::Write as _;

use common::{TestDatabase, Workspace, inspected, on};
use migrate_schema::Dialect;
use proptest::prelude::*;

/// One generated change; indexes pick among what exists when it runs, and an action that has
/// nothing to act on is left out.
#[derive(Debug, Clone)]
enum Action {
    CreateTable { kind: u8 },
    AddColumn { table: u8, kind: u8 },
    DropColumn { table: u8, column: u8 },
    RenameColumn { table: u8, column: u8 },
    CreateIndex { table: u8, column: u8, unique: bool },
    DropIndex { table: u8 },
    RenameTable { table: u8 },
    DropTable { table: u8 },
}

fn action() -> impl Strategy<Value = Action> {
    let t = 0u8..4;
    let c = 0u8..6;
    prop_oneof![
        3 => (0u8..4).prop_map(|kind| Action::CreateTable { kind }),
        3 => (t.clone(), 0u8..4).prop_map(|(table, kind)| Action::AddColumn { table, kind }),
        1 => (t.clone(), c.clone()).prop_map(|(table, column)| Action::DropColumn { table, column }),
        1 => (t.clone(), c.clone()).prop_map(|(table, column)| Action::RenameColumn { table, column }),
        2 => (t.clone(), c, any::<bool>()).prop_map(|(table, column, unique)| Action::CreateIndex { table, column, unique }),
        1 => t.clone().prop_map(|table| Action::DropIndex { table }),
        1 => t.clone().prop_map(|table| Action::RenameTable { table }),
        1 => t.prop_map(|table| Action::DropTable { table }),
    ]
}

/// A history and the range to squash: (revisions' actions, START index, END index, the
/// revision a database stops at inside the range).
fn case() -> impl Strategy<Value = (Vec<Vec<Action>>, usize, usize, usize)> {
    proptest::collection::vec(proptest::collection::vec(action(), 1..4), 3..7)
        .prop_flat_map(|revs| {
            let n = revs.len();
            (Just(revs), 0..n - 1)
        })
        .prop_flat_map(|(revs, start)| {
            let n = revs.len();
            (Just(revs), Just(start), start + 1..n)
        })
        .prop_flat_map(|(revs, start, end)| (Just(revs), Just(start), Just(end), start..end))
}

struct Sim {
    tables: Vec<(String, Vec<String>, Vec<String>)>,
    fresh: u32,
}

impl Sim {
    fn name(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }
}

/// A column definition as Rust source: integer NOT NULL DEFAULT 0, bigint, varchar(40) or
/// boolean (nullable).
fn column(name: &str, kind: u8) -> String {
    let ty = match kind {
        0 => ".integer().not_null().default(0)",
        1 => ".big_integer().null()",
        2 => ".string_len(40).null()",
        _ => ".boolean().null()",
    };
    format!("ColumnDef::new(Alias::new({name:?})){ty}.to_owned()")
}

/// The body of one revision's `upgrade`: the actions as `op.…` calls.
fn body(sim: &mut Sim, actions: &[Action]) -> String {
    let mut out = String::new();
    let pick = |n: usize, i: u8| (n > 0).then(|| i as usize % n);
    for action in actions {
        match *action {
            Action::CreateTable { kind } => {
                let (table, col) = (sim.name("t"), sim.name("c"));
                let _ = writeln!(
                    out,
                    "op.create_table(Table::create().table(Alias::new({table:?})).col(pk_auto(Alias::new(\"id\"))).col({})).await?;",
                    column(&col, kind)
                );
                sim.tables.push((table, vec![col], Vec::new()));
            }
            Action::AddColumn { table, kind } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let col = sim.name("c");
                let _ = writeln!(
                    out,
                    "op.add_column({:?}, &mut {}).await?;",
                    sim.tables[t].0,
                    column(&col, kind)
                );
                sim.tables[t].1.push(col);
            }
            Action::DropColumn { table, column } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(sim.tables[t].1.len(), column) else {
                    continue;
                };
                let (name, cols, indexed) = &mut sim.tables[t];
                if indexed.contains(&cols[c]) {
                    continue;
                }
                let _ = writeln!(out, "op.drop_column({name:?}, {:?}).await?;", cols[c]);
                cols.remove(c);
            }
            Action::RenameColumn { table, column } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(sim.tables[t].1.len(), column) else {
                    continue;
                };
                let to = sim.name("r");
                let (name, cols, indexed) = &mut sim.tables[t];
                if indexed.contains(&cols[c]) {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "op.rename_column({name:?}, {:?}, {to:?}).await?;",
                    cols[c]
                );
                cols[c] = to;
            }
            Action::CreateIndex {
                table,
                column,
                unique,
            } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(sim.tables[t].1.len(), column) else {
                    continue;
                };
                let index = sim.name("ix");
                let (name, cols, indexed) = &mut sim.tables[t];
                let unique = if unique { ".unique()" } else { "" };
                let _ = writeln!(
                    out,
                    "op.create_index(&Index::create().name({index:?}).table(Alias::new({name:?})).col(Alias::new({:?})){unique}.to_owned()).await?;",
                    cols[c]
                );
                indexed.push(cols[c].clone());
                // The index's name, kept beside the column it covers.
                indexed.push(format!("index:{index}"));
            }
            Action::DropIndex { table } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let (name, _, indexed) = &mut sim.tables[t];
                let Some(at) = indexed.iter().position(|i| i.starts_with("index:")) else {
                    continue;
                };
                let index = indexed.remove(at).replace("index:", "");
                indexed.remove(at - 1);
                let _ = writeln!(
                    out,
                    "op.drop_index(Index::drop().name({index:?}).table(Alias::new({name:?}))).await?;"
                );
            }
            Action::RenameTable { table } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let to = sim.name("n");
                let _ = writeln!(
                    out,
                    "op.rename_table(Table::rename().table(Alias::new({:?}), Alias::new({to:?}))).await?;",
                    sim.tables[t].0
                );
                sim.tables[t].0 = to;
            }
            Action::DropTable { table } => {
                let Some(t) = pick(sim.tables.len(), table) else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "op.drop_table(Table::drop().table(Alias::new({:?}))).await?;",
                    sim.tables[t].0
                );
                sim.tables.remove(t);
            }
        }
    }
    out
}

/// The id of the `i`-th revision of case `case`.
fn id(case: u32, i: usize) -> String {
    format!("c{case:03}r{i:03}")
}

/// Writes the history as revision files, replacing any earlier case's.
fn write_history(ws: &Workspace, name: &str, case: u32, revisions: &[Vec<Action>]) {
    let dir = ws.root().join(name).join("src/versions");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let mut sim = Sim {
        tables: Vec::new(),
        fresh: 0,
    };
    for (i, actions) in revisions.iter().enumerate() {
        let down = match i {
            0 => "None".to_owned(),
            _ => format!("{:?}", id(case, i - 1)),
        };
        let text = format!(
            "//! random {i}\n\nuse migrate_core::prelude::*;\n\n#[migration(revision = {:?}, down_revision = {down}, message = \"random {i}\")]\npub struct Random{i};\n\nimpl Migration for Random{i} {{\n    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{\n{}        Ok(())\n    }}\n}}\n",
            id(case, i),
            body(&mut sim, actions)
        );
        std::fs::write(dir.join(format!("{}_random_{i}.rs", id(case, i))), text).unwrap();
    }
}

/// Runs `cargo migrate` and fails the case (with its output) unless it succeeds.
fn ok(ws: &Workspace, db: &TestDatabase, args: &[&str]) -> Result<common::Run, TestCaseError> {
    let run = on(ws, db, args);
    if run.code != 0 {
        return Err(TestCaseError::fail(run.to_string()));
    }
    Ok(run)
}

fn random_histories_squash_to_the_same_schema(backend: Dialect) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let ws = Workspace::new();
    // A crate name of its own: the tests share one target folder and run at once.
    let name = format!("squash_random_{}", backend.name());
    ws.ok(&["init", "--name", &name]);
    let counter = std::cell::Cell::new(0u32);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 0,
        ..ProptestConfig::default()
    });
    let result = runner.run(&case(), |(revisions, start, end, stop)| {
        counter.set(counter.get() + 1);
        let number = counter.get();
        write_history(&ws, &name, number, &revisions);
        let reference = TestDatabase::new(backend);
        let inside = TestDatabase::new(backend);
        let before = TestDatabase::new(backend);
        let fresh = TestDatabase::new(backend);
        let head = id(number, revisions.len() - 1);
        ok(&ws, &reference, &["upgrade", &head])?;
        ok(&ws, &inside, &["upgrade", &id(number, stop)])?;
        if start > 0 {
            ok(&ws, &before, &["upgrade", &id(number, start - 1)])?;
        }
        let squash = format!("c{number:03}squash");
        ok(
            &ws,
            &reference,
            &[
                "squash",
                &id(number, start),
                &id(number, end),
                "-m",
                "squashed",
                "--no-rename",
                "--rev-id",
                &squash,
            ],
        )?;
        let want = inspected(&ws, &reference);
        // The squash's downgrade: up to the squash and down to START's parent again, on a
        // fresh database, gives the schema of the database stopped there.
        let parent = if start > 0 {
            id(number, start - 1)
        } else {
            "base".to_owned()
        };
        ok(&ws, &fresh, &["upgrade", &squash])?;
        ok(&ws, &fresh, &["downgrade", &parent])?;
        let at_parent = inspected(&ws, &before);
        let difference = migrate_schema::diff(&at_parent, &inspected(&ws, &fresh));
        prop_assert!(
            difference.is_empty(),
            "the squash's downgrade of {}..{} does not restore START's parent:\n{}",
            start,
            end,
            difference
        );
        for (db, what) in [
            (&fresh, "a fresh database"),
            (&before, "a database at START's parent"),
            (&inside, "a database inside the range"),
        ] {
            let run = ok(&ws, db, &["upgrade", "head"])?;
            let ran_squash = run.stderr.contains(&format!("-> {squash}"));
            let expected_squash = !std::ptr::eq(db, &inside);
            prop_assert_eq!(
                ran_squash,
                expected_squash,
                "{} ran the {}: {}",
                what,
                if ran_squash { "squash" } else { "originals" },
                run
            );
            let got = inspected(&ws, db);
            let difference = migrate_schema::diff(&want, &got);
            prop_assert!(
                difference.is_empty(),
                "{} differs from the unsquashed history after squashing {}..{}:\n{}",
                what,
                start,
                end,
                difference
            );
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

#[test]
fn random_squash_sqlite() {
    random_histories_squash_to_the_same_schema(Dialect::Sqlite);
}

#[test]
fn random_squash_postgres() {
    random_histories_squash_to_the_same_schema(Dialect::Postgres);
}

#[test]
fn random_squash_mysql() {
    random_histories_squash_to_the_same_schema(Dialect::Mysql);
}
