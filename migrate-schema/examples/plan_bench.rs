//! Times autogenerate's plan and render on an N-table model (default 500), from nothing
//! (every table created) and against a copy with one column added per table. Run by
//! `bench/autogenerate-500.sh`; prints figures, asserts nothing.

use std::time::Instant;

use migrate_schema::{
    Action, Check, Column, Dialect, ForeignKey, Index, IndexPart, PrimaryKey, Renames, Schema,
    Table, Unique, plan, render_revision,
};

const TEMPLATE: &str = "//! bench\n\nuse migrate_core::prelude::*;\n\n#[migration(revision = \"b2\", down_revision = \"a1\", message = \"bench\")]\npub struct Bench;\n";

fn model(n: usize, extra: bool) -> Schema {
    let mut s = Schema::new(Dialect::Postgres);
    for i in 0..n {
        let mut t = Table::new(format!("t{i}"))
            .with_column(Column::new("id", "serial"))
            .with_column(Column::new("name", "varchar(100)").default_sql("'x'"))
            .with_column(Column::new("n", "integer").null())
            .with_column(
                Column::new("created", "timestamptz")
                    .null()
                    .default_sql("now()"),
            )
            .with_column(Column::new("parent", "integer").null())
            .with_column(Column::new("note", "text").null())
            .with_primary_key(PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            })
            .with_foreign_key(ForeignKey {
                name: None,
                columns: vec!["parent".into()],
                referenced_schema: None,
                referenced_table: format!("t{}", i.saturating_sub(1)),
                referenced_columns: vec!["id".into()],
                on_delete: Action::Cascade,
                on_update: Action::NoAction,
            })
            .with_check(Check {
                name: None,
                expression: "n > 0".into(),
            })
            .with_unique(Unique {
                name: None,
                columns: vec!["name".into()],
            })
            .with_index(Index {
                name: format!("ix_t{i}_n"),
                parts: vec![IndexPart::column("n")],
                unique: false,
                predicate: Some("n IS NOT NULL".into()),
            });
        if extra {
            t = t.with_column(Column::new("added", "bigint").default_sql("0"));
        }
        s = s.with_table(t);
    }
    s
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let (empty, a, b) = (
        Schema::new(Dialect::Postgres),
        model(n, false),
        model(n, true),
    );
    for (label, from, to) in [("create all", &empty, &a), ("add a column each", &a, &b)] {
        let mut best = f64::MAX;
        let mut ops = 0;
        let mut bytes = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let p = plan(from, to, &Renames::default());
            let r = render_revision(TEMPLATE, "Bench", &p, Dialect::Postgres).expect("renders");
            best = best.min(started.elapsed().as_secs_f64());
            ops = p.ops.len();
            bytes = r.source.len();
        }
        println!(
            "plan+render, {n} tables, {label}: {ops} ops, {bytes} bytes of Rust, best of {runs}: {:.3} s",
            best
        );
    }
}
