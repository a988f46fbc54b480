//! Autogenerate's round trip on real databases, over random schema pairs A → B (the strategy of
//! migrate-schema's plan properties: every column type of each database, nullability,
//! defaults, keys, foreign keys with their actions, unique and check constraints, indexes —
//! partial and over expressions where the database has them —, PostgreSQL enums, and column
//! renames declared as `renamed_from` declares them).
//!
//! Each pair becomes two revisions rendered exactly as `revision --autogenerate` renders them
//! (base → A, then A → B), one branch per pair in one migrations crate, built once. On a fresh
//! database of its backend each pair must: introspect equal to A after `upgrade A`, equal to B
//! after `upgrade B`, leave nothing for autogenerate to do right after (the plan from the live
//! database and from the replay of B to B is empty), and introspect equal to A again after
//! `downgrade A`; and the DDL `cargo migrate schema A` prints creates A on an empty database.
//! `MIGRATE_ROUND_TRIP_CASES` sets the pairs per backend (default 6, CI-sized);
//! `MIGRATE_ROUND_TRIP_SEED` another seed.

mod common;
#[path = "../../migrate-schema/tests/strategies/mod.rs"]
mod strategies;

use common::{TestDatabase, Workspace};
use migrate_graph::template::{NewRevision, revision_source};
use migrate_schema::{Dialect, Renames, Schema, diff, plan, render_revision};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRng, TestRunner};

/// One random pair, as revisions `a` (base → A) and `b` (A → B).
struct Case {
    dialect: Dialect,
    a: Schema,
    b: Schema,
    renames: Renames,
    a_id: String,
    b_id: String,
}

fn count() -> usize {
    std::env::var("MIGRATE_ROUND_TRIP_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6)
}

/// The pairs of `dialect`, from a fixed seed (so a failure is found again by re-running).
fn cases(dialect: Dialect, tag: &str) -> Vec<Case> {
    let seed: u64 = std::env::var("MIGRATE_ROUND_TRIP_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20261202);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8] = tag.as_bytes()[0];
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &bytes),
    );
    let strategy = strategies::pair(dialect);
    (0..count())
        .map(|i| {
            let (a, b, renames) = strategy.new_tree(&mut runner).unwrap().current();
            Case {
                dialect,
                a,
                b,
                renames,
                a_id: format!("{tag}{i:02}a"),
                b_id: format!("{tag}{i:02}b"),
            }
        })
        .collect()
}

/// Writes revision `id` (parent `parent`) for the plan `from` → `to` into the crate.
fn write_revision(
    versions: &std::path::Path,
    case: &Case,
    id: &str,
    parent: Option<&str>,
    from: &Schema,
    to: &Schema,
    renames: &Renames,
) {
    let struct_name = format!("Rev{id}");
    let parents: Vec<String> = parent.map(str::to_owned).into_iter().collect();
    let label = format!("case_{id}");
    let labels = [label.as_str()];
    let template = revision_source(&NewRevision {
        id,
        parents: &parents,
        message: "random pair",
        date: "2026-12-02 00:00:00",
        struct_name: &struct_name,
        depends_on: &[],
        branch_labels: if parent.is_none() { &labels } else { &[] },
    });
    let p = plan(from, to, renames);
    let generated = render_revision(&template, &struct_name, &p, case.dialect)
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    std::fs::write(
        versions.join(format!("{id}_random_pair.rs")),
        generated.source,
    )
    .unwrap();
}

/// Runs `cargo migrate` on `db`, asserting success.
fn ok(ws: &Workspace, db: &TestDatabase, args: &[&str]) -> common::Run {
    let mut all = vec!["--database-url", db.url()];
    all.extend(args);
    ws.ok(&all)
}

fn inspected(ws: &Workspace, db: &TestDatabase) -> Schema {
    let run = ok(ws, db, &["inspect", "--format", "json"]);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"))
}

fn assert_same(expected: &Schema, actual: &Schema, case: &Case, when: &str) {
    let d = diff(expected, actual);
    assert!(
        d.is_empty(),
        "pair {} on {}: {when}, the database differs from the schema:\n{d}\nA = {:#?}\nB = {:#?}\nrenames = {:?}",
        case.b_id,
        case.dialect.name(),
        case.a,
        case.b,
        case.renames
    );
}

fn run_case(ws: &Workspace, case: &Case) {
    let db = TestDatabase::new(case.dialect);
    ok(ws, &db, &["upgrade", &case.a_id]);
    assert_same(&case.a, &inspected(ws, &db), case, "after upgrade A");

    ok(ws, &db, &["upgrade", &case.b_id]);
    let live = inspected(ws, &db);
    assert_same(&case.b, &live, case, "after upgrade B");
    // Autogenerate right after finds nothing, against the database and against the replay.
    let again = plan(&live, &case.b, &Renames::default());
    assert!(
        again.is_empty(),
        "pair {}: autogenerate against the database after the upgrade would generate {:#?}",
        case.b_id,
        again.ops
    );
    let run = ok(ws, &db, &["schema", &case.b_id, "--format", "json"]);
    let replayed: Schema = serde_json::from_str(&run.stdout).unwrap();
    let again = plan(&replayed, &case.b, &Renames::default());
    assert!(
        again.is_empty(),
        "pair {}: autogenerate against the replay of B would generate {:#?}",
        case.b_id,
        again.ops
    );

    ok(ws, &db, &["downgrade", &case.a_id]);
    assert_same(&case.a, &inspected(ws, &db), case, "after downgrade to A");

    // `schema A` prints DDL that creates A.
    let ddl = ok(ws, &db, &["schema", &case.a_id]).stdout;
    let fresh = TestDatabase::new(case.dialect);
    execute(fresh.url(), &ddl);
    assert_same(
        &case.a,
        &inspected(ws, &fresh),
        case,
        "from `schema A`'s DDL",
    );
}

/// Runs the DDL `cargo migrate schema` printed on the database at `url`.
fn execute(url: &str, sql: &str) {
    if sql.trim().is_empty() {
        return;
    }
    if let Err(e) = common::execute(url, sql) {
        panic!("the DDL of `cargo migrate schema` fails ({e}):\n{sql}");
    }
}

fn round_trip(dialect: Dialect, tag: &str) {
    let ws = Workspace::new();
    let name = format!("autogen_random_{}", dialect.name());
    ws.ok(&["init", "--name", &name]);
    let versions = ws.root().join(&name).join("src/versions");
    let cases = cases(dialect, tag);
    let empty = Schema::new(dialect);
    for case in &cases {
        write_revision(
            &versions,
            case,
            &case.a_id,
            None,
            &empty,
            &case.a,
            &Renames::default(),
        );
        write_revision(
            &versions,
            case,
            &case.b_id,
            Some(&case.a_id),
            &case.a,
            &case.b,
            &case.renames,
        );
    }
    for case in &cases {
        run_case(&ws, case);
    }
}

#[test]
fn random_pairs_round_trip_on_sqlite() {
    round_trip(Dialect::Sqlite, "s");
}

#[test]
fn random_pairs_round_trip_on_postgres() {
    round_trip(Dialect::Postgres, "p");
}

#[test]
fn random_pairs_round_trip_on_mysql() {
    round_trip(Dialect::Mysql, "m");
}
