//! Property: for random schema pairs A → B, the plan's upgrade applied to A gives B, its
//! downgrade applied to that gives A back, planning again right after finds nothing (the
//! idempotence Alembic users most often find broken), and every operation that drops a table
//! or column is flagged. `PROPTEST_CASES` sets the case count (default 64, CI-sized).

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, Op, PrimaryKey,
    Renames, Schema, Table, Unique, apply, diff, plan,
};
use proptest::prelude::*;

const TYPES: &[&str] = &[
    "integer",
    "bigint",
    "text",
    "varchar(40)",
    "varchar(80)",
    "boolean",
];

fn column() -> impl Strategy<Value = Column> {
    (
        0usize..4,
        0..TYPES.len(),
        any::<bool>(),
        prop::option::of(0u8..3),
    )
        .prop_map(|(n, t, nullable, default)| {
            let ty = TYPES[t];
            let mut c = Column::new(format!("c{n}"), ty);
            c.nullable = nullable;
            c.default = default.map(|v| match ty {
                "boolean" => if v % 2 == 0 { "false" } else { "true" }.to_string(),
                "integer" | "bigint" => v.to_string(),
                _ => format!("'v{v}'"),
            });
            c
        })
}

fn table(index: usize, tables: usize) -> impl Strategy<Value = Table> {
    (
        prop::collection::vec(column(), 0..4),
        any::<bool>(),
        prop::option::of(0..tables),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            move |(columns, partial, fk_to, unique, check, index_it, desc)| {
                let mut t = Table::new(format!("t{index}"))
                    .with_column(Column::new("id", "integer").auto_increment())
                    .with_primary_key(PrimaryKey {
                        name: None,
                        columns: vec!["id".into()],
                    });
                for c in columns {
                    if t.column(&c.name).is_none() {
                        t.columns.push(c);
                    }
                }
                if let Some(to) = fk_to {
                    t.columns.push(Column::new("ref_id", "integer").null());
                    t.foreign_keys.push(ForeignKey {
                        name: Some(format!("fk_t{index}_ref")),
                        columns: vec!["ref_id".into()],
                        referenced_schema: None,
                        referenced_table: format!("t{to}"),
                        referenced_columns: vec!["id".into()],
                        on_delete: if partial {
                            Action::Cascade
                        } else {
                            Action::NoAction
                        },
                        on_update: Action::NoAction,
                    });
                }
                let first = t.columns.get(1).map(|c| c.name.clone());
                if let Some(first) = first {
                    if unique {
                        t.uniques.push(Unique {
                            name: None,
                            columns: vec![first.clone()],
                        });
                    }
                    if index_it {
                        let mut part = IndexPart::column(first.clone());
                        part.descending = desc;
                        t.indexes.push(Index {
                            name: format!("ix_t{index}_{first}"),
                            parts: vec![part],
                            unique: false,
                            predicate: partial.then(|| "id > 0".to_string()),
                        });
                    }
                }
                if check {
                    t.checks.push(Check {
                        name: Some(format!("ck_t{index}")),
                        expression: "id > 0".into(),
                    });
                }
                t
            },
        )
}

fn schema() -> impl Strategy<Value = Schema> {
    (
        prop::collection::vec(any::<bool>(), 4),
        (table(0, 4), table(1, 4), table(2, 4), table(3, 4)),
        prop::option::of(prop::sample::subsequence(
            vec!["sad", "ok", "happy", "glad"],
            1..4,
        )),
    )
        .prop_map(|(present, (a, b, c, d), labels)| {
            let mut s = Schema::new(Dialect::Postgres);
            let tables = [a, b, c, d];
            for (i, mut t) in tables.into_iter().enumerate() {
                if !present[i] {
                    continue;
                }
                // Keys to absent tables are left out (the model would not compile).
                t.foreign_keys.retain(|fk| {
                    let to: usize = fk.referenced_table[1..].parse().unwrap();
                    present[to]
                });
                if let Some(labels) = &labels
                    && i == 0
                {
                    t.columns.push(Column::new("mood", "mood").null());
                    let _ = labels;
                }
                s = s.with_table(t);
            }
            if let Some(labels) = labels
                && present[0]
            {
                s = s.with_enum(EnumType {
                    schema: None,
                    name: "mood".into(),
                    labels: labels.into_iter().map(String::from).collect(),
                });
            }
            s.normalized()
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_upgrade_reaches_b_the_downgrade_a_and_again_finds_nothing(a in schema(), b in schema()) {
        let p = plan(&a, &b, &Renames::default());
        let upgraded = apply(&a, &p.ops);
        let d = diff(&b, &upgraded);
        prop_assert!(d.is_empty(), "upgrade:\n{d}\nops: {:#?}", p.ops);
        prop_assert!(plan(&upgraded, &b, &Renames::default()).is_empty());
        let downgraded = apply(&upgraded, &p.downgrade());
        let d = diff(&a, &downgraded);
        prop_assert!(d.is_empty(), "downgrade:\n{d}\nops: {:#?}", p.downgrade());
        for op in &p.ops {
            if matches!(op, Op::DropTable { .. } | Op::DropColumn { .. }) {
                prop_assert!(op.data_loss().is_some(), "{op:?}");
            }
        }
        // Every table created comes after the tables it references.
        let mut seen: Vec<String> = a.tables.keys().cloned().collect();
        for op in &p.ops {
            if let Op::CreateTable { table } = op {
                for fk in &table.foreign_keys {
                    prop_assert!(fk.referenced_table == table.name || seen.contains(&fk.referenced_table), "{op:?}");
                }
                seen.push(table.name.clone());
            }
        }
    }
}
