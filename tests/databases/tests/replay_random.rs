//! Property test: random sequences of operations (every kind of `Operations` call, raw SQL,
//! and PostgreSQL enum types) applied to a real database and replayed in memory give the same
//! schema, on SQLite, PostgreSQL and MariaDB. 16 cases per backend (PROPTEST_CASES to change).

#[macro_use]
mod common;

use std::cell::RefCell;

use common::{Backend, rt};
use migrate_core::inspect::{Filter, inspect};
use migrate_core::prelude::*;
use migrate_core::{Config, Migrator};
use proptest::prelude::*;

migrate_core::include_versions!("tests/replay_random_versions");

thread_local! {
    /// What the generated revision runs; set before each case (per thread: the three
    /// backends' tests run at once, each on a current-thread runtime).
    static ACTIONS: RefCell<Vec<Action>> = const { RefCell::new(Vec::new()) };
}

/// One generated change. Indexes pick among what exists when it runs; an action that would
/// be invalid there (e.g. dropping a table another references) does nothing, the same way live
/// and in the replay.
#[derive(Debug, Clone)]
enum Action {
    CreateTable {
        kind: u8,
        nullable: bool,
    },
    AddColumn {
        table: u8,
        kind: u8,
        nullable: bool,
    },
    DropColumn {
        table: u8,
        column: u8,
    },
    RenameColumn {
        table: u8,
        column: u8,
    },
    AlterColumn {
        table: u8,
        column: u8,
        nullable: bool,
    },
    CreateIndex {
        table: u8,
        column: u8,
        unique: bool,
    },
    DropIndex {
        table: u8,
    },
    AddForeignKey {
        table: u8,
        target: u8,
    },
    RenameTable {
        table: u8,
    },
    DropTable {
        table: u8,
    },
    RawAddColumn {
        table: u8,
    },
    RawIndex {
        table: u8,
        column: u8,
    },
    Enum {
        table: u8,
    },
}

fn action() -> impl Strategy<Value = Action> {
    let t = 0u8..4;
    let c = 0u8..6;
    prop_oneof![
        3 => (0u8..4, any::<bool>()).prop_map(|(kind, nullable)| Action::CreateTable { kind, nullable }),
        2 => (t.clone(), 0u8..4, any::<bool>()).prop_map(|(table, kind, nullable)| Action::AddColumn { table, kind, nullable }),
        1 => (t.clone(), c.clone()).prop_map(|(table, column)| Action::DropColumn { table, column }),
        1 => (t.clone(), c.clone()).prop_map(|(table, column)| Action::RenameColumn { table, column }),
        1 => (t.clone(), c.clone(), any::<bool>()).prop_map(|(table, column, nullable)| Action::AlterColumn { table, column, nullable }),
        2 => (t.clone(), c.clone(), any::<bool>()).prop_map(|(table, column, unique)| Action::CreateIndex { table, column, unique }),
        1 => t.clone().prop_map(|table| Action::DropIndex { table }),
        1 => (t.clone(), t.clone()).prop_map(|(table, target)| Action::AddForeignKey { table, target }),
        1 => t.clone().prop_map(|table| Action::RenameTable { table }),
        1 => t.clone().prop_map(|table| Action::DropTable { table }),
        1 => t.clone().prop_map(|table| Action::RawAddColumn { table }),
        1 => (t.clone(), c.clone()).prop_map(|(table, column)| Action::RawIndex { table, column }),
        1 => t.prop_map(|table| Action::Enum { table }),
    ]
}

#[derive(Debug, Clone)]
struct SimColumn {
    name: String,
    kind: u8,
}

#[derive(Debug, Clone)]
struct SimTable {
    name: String,
    columns: Vec<SimColumn>,
    /// (name, column)
    indexes: Vec<(String, String)>,
    /// (name, column, referenced table)
    fks: Vec<(String, String, String)>,
}

fn def(name: &str, kind: u8, nullable: bool) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    match kind {
        0 => c.integer(),
        1 => c.big_integer(),
        2 => c.string_len(40),
        4 => c.string_len(80),
        _ => c.boolean(),
    };
    if nullable {
        c.null();
    } else {
        c.not_null();
        if kind == 0 {
            c.default(0);
        }
    }
    c
}

/// Runs `actions` on `op` (live or replayed alike).
async fn perform(op: &mut Operations<'_>, actions: &[Action]) -> Result<()> {
    let mut tables: Vec<SimTable> = Vec::new();
    let mut fresh = 0u32;
    let mut name = |prefix: &str| {
        fresh += 1;
        format!("{prefix}{fresh}")
    };
    let pick = |n: usize, i: u8| (n > 0).then(|| i as usize % n);
    for action in actions {
        match action.clone() {
            Action::CreateTable { kind, nullable } => {
                let table = name("t");
                let column = name("c");
                op.create_table(
                    Table::create()
                        .table(Alias::new(&table))
                        .col(pk_auto(Alias::new("id")))
                        .col(def(&column, kind, nullable)),
                )
                .await?;
                tables.push(SimTable {
                    name: table,
                    columns: vec![SimColumn { name: column, kind }],
                    indexes: vec![],
                    fks: vec![],
                });
            }
            Action::AddColumn {
                table,
                kind,
                nullable,
            } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let column = name("c");
                op.add_column(&tables[t].name.clone(), &mut def(&column, kind, nullable))
                    .await?;
                tables[t].columns.push(SimColumn { name: column, kind });
            }
            Action::DropColumn { table, column } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(tables[t].columns.len(), column) else {
                    continue;
                };
                let col = tables[t].columns[c].name.clone();
                if tables[t].fks.iter().any(|(_, fc, _)| *fc == col) {
                    continue;
                }
                op.drop_column(&tables[t].name.clone(), &col).await?;
                tables[t].columns.remove(c);
                tables[t].indexes.retain(|(_, ic)| *ic != col);
            }
            Action::RenameColumn { table, column } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(tables[t].columns.len(), column) else {
                    continue;
                };
                let col = tables[t].columns[c].name.clone();
                if tables[t].fks.iter().any(|(_, fc, _)| *fc == col) {
                    continue;
                }
                let to = name("r");
                op.rename_column(&tables[t].name.clone(), &col, &to).await?;
                tables[t].columns[c].name = to.clone();
                for (_, ic) in &mut tables[t].indexes {
                    if *ic == col {
                        *ic = to.clone();
                    }
                }
            }
            Action::AlterColumn {
                table,
                column,
                nullable,
            } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(tables[t].columns.len(), column) else {
                    continue;
                };
                let SimColumn { name: col, kind } = tables[t].columns[c].clone();
                if tables[t].fks.iter().any(|(_, fc, _)| *fc == col) || kind == 5 {
                    continue;
                }
                let wider = match kind {
                    0 => 1,
                    2 => 4,
                    other => other,
                };
                op.alter_column(&tables[t].name.clone(), &mut def(&col, wider, nullable))
                    .await?;
                tables[t].columns[c].kind = wider;
            }
            Action::CreateIndex {
                table,
                column,
                unique,
            } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(tables[t].columns.len(), column) else {
                    continue;
                };
                let col = tables[t].columns[c].name.clone();
                if tables[t].columns[c].kind == 5 {
                    continue;
                }
                let index = name("ix");
                let mut statement = Index::create()
                    .name(&index)
                    .table(Alias::new(&tables[t].name))
                    .col(Alias::new(&col))
                    .to_owned();
                if unique {
                    statement.unique();
                }
                op.create_index(&statement).await?;
                tables[t].indexes.push((index, col));
            }
            Action::DropIndex { table } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let fk_columns: Vec<String> =
                    tables[t].fks.iter().map(|(_, c, _)| c.clone()).collect();
                let Some(i) = tables[t]
                    .indexes
                    .iter()
                    .position(|(_, c)| !fk_columns.contains(c))
                else {
                    continue;
                };
                let (index, _) = tables[t].indexes.remove(i);
                op.drop_index(
                    Index::drop()
                        .name(&index)
                        .table(Alias::new(&tables[t].name)),
                )
                .await?;
            }
            Action::AddForeignKey { table, target } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let Some(r) = pick(tables.len(), target) else {
                    continue;
                };
                let (from, to) = (tables[t].name.clone(), tables[r].name.clone());
                let column = name("ref");
                op.add_column(&from, &mut def(&column, 0, true)).await?;
                let fk = name("fk");
                op.create_foreign_key(
                    ForeignKey::create()
                        .name(&fk)
                        .from(Alias::new(&from), Alias::new(&column))
                        .to(Alias::new(&to), Alias::new("id")),
                )
                .await?;
                tables[t].columns.push(SimColumn {
                    name: column.clone(),
                    kind: 0,
                });
                tables[t].fks.push((fk, column, to));
            }
            Action::RenameTable { table } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let from = tables[t].name.clone();
                let to = name("n");
                op.rename_table(Table::rename().table(Alias::new(&from), Alias::new(&to)))
                    .await?;
                tables[t].name = to.clone();
                for other in &mut tables {
                    for (_, _, target) in &mut other.fks {
                        if *target == from {
                            *target = to.clone();
                        }
                    }
                }
            }
            Action::DropTable { table } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let dropped = tables[t].name.clone();
                let referenced = tables.iter().enumerate().any(|(i, other)| {
                    i != t && other.fks.iter().any(|(_, _, target)| *target == dropped)
                });
                if referenced {
                    continue;
                }
                op.drop_table(Table::drop().table(Alias::new(&dropped)))
                    .await?;
                tables.remove(t);
            }
            Action::RawAddColumn { table } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let column = name("raw");
                op.execute(&format!(
                    "ALTER TABLE {} ADD COLUMN {column} integer",
                    tables[t].name
                ))
                .await?;
                tables[t].columns.push(SimColumn {
                    name: column,
                    kind: 0,
                });
            }
            Action::RawIndex { table, column } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                let Some(c) = pick(tables[t].columns.len(), column) else {
                    continue;
                };
                if tables[t].columns[c].kind == 5 {
                    continue;
                }
                let col = tables[t].columns[c].name.clone();
                let index = name("ixraw");
                op.execute(&format!(
                    "CREATE INDEX {index} ON {} ({col})",
                    tables[t].name
                ))
                .await?;
                tables[t].indexes.push((index, col));
            }
            Action::Enum { table } => {
                let Some(t) = pick(tables.len(), table) else {
                    continue;
                };
                if op.dialect() != Dialect::Postgres {
                    continue;
                }
                let ty = name("mood");
                let column = name("m");
                op.execute(&format!("CREATE TYPE {ty} AS ENUM ('sad', 'happy')"))
                    .await?;
                op.execute(&format!("ALTER TYPE {ty} ADD VALUE 'ok' BEFORE 'happy'"))
                    .await?;
                op.execute(&format!(
                    "ALTER TABLE {} ADD COLUMN {column} {ty} DEFAULT 'sad'",
                    tables[t].name
                ))
                .await?;
                tables[t].columns.push(SimColumn {
                    name: column,
                    kind: 5,
                });
            }
        }
    }
    Ok(())
}

fn filter() -> Filter {
    Filter {
        internal: Filter::internal_tables("alembic_version"),
        ..Filter::default()
    }
}

fn random_sequences_replay_as_they_run(backend: Backend) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(&proptest::collection::vec(action(), 1..14), |actions| {
        ACTIONS.with(|a| *a.borrow_mut() = actions.clone());
        rt().block_on(async {
            let db = common::Database::new(backend, "replay_random").await;
            let config = Config::resolve(&MIGRATIONS, Some(&db.url)).unwrap();
            let migrator = Migrator::new(MIGRATIONS, config).unwrap();
            let ran = migrator.upgrade("head").await;
            let outcome = match ran {
                Err(error) => Err(format!("the live run failed: {error}")),
                Ok(_) => {
                    let live = inspect(&db.url, &filter()).await.unwrap();
                    match migrator.replay(&["c10000000001".to_string()]).await {
                        Err(error) => Err(format!("the replay failed: {error}")),
                        Ok(replayed) => {
                            let d = migrate_schema::diff(&replayed, &live);
                            if d.is_empty() && replayed == live {
                                Ok(())
                            } else {
                                Err(format!("replay and database differ:\n{d}\nreplayed: {replayed:#?}\nlive: {live:#?}"))
                            }
                        }
                    }
                }
            };
            db.drop().await;
            outcome
        })
        .map_err(TestCaseError::fail)
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

per_backend!(random_sequences_replay_as_they_run);
