//! Property: for random schema pairs A → B of each dialect (renames declared between them),
//! the plan's upgrade applied to A gives B, its downgrade applied to that gives A back,
//! planning again right after finds nothing (the idempotence Alembic users most often find
//! broken), and every operation that drops a table or column is flagged. `PROPTEST_CASES`
//! sets the case count (default 64, CI-sized).

mod strategies;

use migrate_schema::{Dialect, Op, Renames, Schema, apply, diff, plan};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn postgres_upgrade_reaches_b_downgrade_a_and_again_finds_nothing((a, b, renames) in strategies::pair(Dialect::Postgres)) {
        round_trip(&a, &b, &renames)?;
    }

    #[test]
    fn mysql_upgrade_reaches_b_downgrade_a_and_again_finds_nothing((a, b, renames) in strategies::pair(Dialect::Mysql)) {
        round_trip(&a, &b, &renames)?;
    }

    #[test]
    fn sqlite_upgrade_reaches_b_downgrade_a_and_again_finds_nothing((a, b, renames) in strategies::pair(Dialect::Sqlite)) {
        round_trip(&a, &b, &renames)?;
    }
}

fn round_trip(a: &Schema, b: &Schema, renames: &Renames) -> Result<(), TestCaseError> {
    let p = plan(a, b, renames);
    let upgraded = apply(a, &p.ops);
    let d = diff(b, &upgraded);
    prop_assert!(d.is_empty(), "upgrade:\n{d}\nops: {:#?}", p.ops);
    prop_assert!(plan(&upgraded, b, &Renames::default()).is_empty());
    let downgraded = apply(&upgraded, &p.downgrade());
    let d = diff(a, &downgraded);
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
                prop_assert!(
                    fk.referenced_table == table.name || seen.contains(&fk.referenced_table),
                    "{op:?}"
                );
            }
            seen.push(table.name.clone());
        }
    }
    Ok(())
}
