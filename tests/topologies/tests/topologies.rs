//! cargo-migrate on production topologies (issue 9): several runners at once behind pgbouncer
//! (transaction and session pooling), spread over the nodes of a Galera cluster, mixed direct
//! and pooled, and against a PostgreSQL hot standby.
//!
//! The servers come from `.ci/topologies.sh start`, their URLs from `.ci/topologies.sh env`
//! (the test command, `bash .ci/test`, does both and stops them afterwards). A test whose
//! topology is not running fails and says how to start it; it never passes silently.
//!
//! Every runner is a separate process of the fixture's runner binary with `DATABASE_URL` in its
//! environment, on a database created for the test (through the direct server) and dropped at
//! the end. The history is 200 data migrations (`src/lib.rs`): a migration applied twice shows
//! as an extra row in `applied`. A test gathers everything that is wrong before it fails, so
//! that its message is the whole report: rows counted, exit codes and what the runners said.

#[path = "../../databases/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::fs::File;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{Backend, rt, try_strings};
use sqlx::{AnyConnection, Connection};

/// How many revisions the history holds.
const COUNT: u32 = 200;
/// The head revision.
const HEAD: &str = "a00000000200";
/// The first race stops half-way, so that the second races over data migrations only (a
/// double apply then shows as extra rows instead of an "already exists").
const MIDDLE: u32 = 100;
/// `--lock-timeout` of every runner, so that a leaked lock fails a run instead of hanging it.
const LOCK_TIMEOUT: &str = "15";
/// A runner still running after this long is killed and reported.
const DEADLINE: Duration = Duration::from_secs(90);
/// How long the run after the concurrent ones may take ("returns promptly").
const PROMPT: Duration = Duration::from_secs(10);

/// One topology test at a time: each measures its own contention, and 2 cores are not
/// oversubscribed by 30 runners at once.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The id of revision `n` (1-based).
fn id(n: u32) -> String {
    format!("a{n:011}")
}

/// The ids of revisions 1 to `upto`, in order.
fn revisions(upto: u32) -> Vec<String> {
    (1..=upto).map(id).collect()
}

/// The tables revisions 1 to `upto` create besides `applied`.
fn ddl_tables(upto: u32) -> Vec<String> {
    (1..=upto)
        .filter(|n| n.is_multiple_of(20))
        .map(|n| format!("t_{n:04}"))
        .collect()
}

/// The URL a topology's variable holds, or a failure saying how to start the topology.
fn topology_url(var: &str) -> String {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{var} is unset: this test needs the production topologies. Run `.ci/topologies.sh start` \
             and `eval \"$(.ci/topologies.sh env)\"` first, or the whole test command `bash .ci/test`"
        ),
    }
}

/// The direct PostgreSQL server behind pgbouncer (its admin URL).
fn direct_postgres() -> String {
    common::server_url(Backend::Postgres)
}

/// What one runner process did.
struct Run {
    /// Which runner (its number and where it pointed).
    label: String,
    /// Its exit code (`None`: killed by a signal, or by us at the deadline).
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    /// Its `error:` lines, or its last line when it printed none.
    fn said(&self) -> String {
        let errors: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        if errors.is_empty() {
            self.stderr.lines().last().unwrap_or("").to_string()
        } else {
            errors.join(" | ")
        }
    }
}

/// Runs the fixture's runner once per `(label, url)`, all at the same time, each with
/// `DATABASE_URL` in its environment; waits for all of them (killing any still running at
/// [`DEADLINE`]).
fn run_all(targets: &[(String, String)], args: &[&str]) -> Vec<Run> {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut children: Vec<(String, Child, std::path::PathBuf, std::path::PathBuf)> = targets
        .iter()
        .enumerate()
        .map(|(i, (label, url))| {
            let out = dir.path().join(format!("{i}.out"));
            let err = dir.path().join(format!("{i}.err"));
            let child = Command::new(env!("CARGO_BIN_EXE_topology-migrations"))
                .args(args)
                .env("DATABASE_URL", url)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(File::create(&out).unwrap())
                .stderr(File::create(&err).unwrap())
                .spawn()
                .expect("run topology-migrations");
            (format!("runner {i} ({label})"), child, out, err)
        })
        .collect();
    let mut done: Vec<Option<(Option<i32>, Duration)>> = vec![None; children.len()];
    while done.iter().any(Option::is_none) {
        for (i, (_, child, _, _)) in children.iter_mut().enumerate() {
            if done[i].is_some() {
                continue;
            }
            if let Some(status) = child.try_wait().unwrap() {
                done[i] = Some((status.code(), started.elapsed()));
            } else if started.elapsed() > DEADLINE {
                let _ = child.kill();
                let _ = child.wait();
                done[i] = Some((None, started.elapsed()));
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    children
        .into_iter()
        .zip(done)
        .map(|((label, _, out, err), done)| {
            let (code, elapsed) = done.unwrap();
            Run {
                label,
                code,
                stdout: std::fs::read_to_string(out).unwrap(),
                stderr: std::fs::read_to_string(err).unwrap(),
                elapsed,
            }
        })
        .collect()
}

/// Runs the fixture's runner once against `url`.
fn run_one(url: &str, args: &[&str]) -> Run {
    run_all(&[("alone".into(), url.into())], args)
        .pop()
        .unwrap()
}

/// Everything a test found wrong, reported together at the end.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    fn add(&mut self, finding: String) {
        self.0.push(finding);
    }

    /// Every run's exit code must be 0 (the target behaviour: the losers of the race wait for
    /// the lock and then find nothing to do).
    fn exits(&mut self, phase: &str, runs: &[Run]) {
        let codes: Vec<String> = runs
            .iter()
            .map(|r| r.code.map_or("killed".into(), |c| c.to_string()))
            .collect();
        for run in runs.iter().filter(|r| r.code != Some(0)) {
            self.add(format!(
                "{phase}: {} exited {} after {:.1} s: {}",
                run.label,
                run.code.map_or(
                    format!("killed at the {} s deadline", DEADLINE.as_secs()),
                    |c| c.to_string()
                ),
                run.elapsed.as_secs_f64(),
                run.said()
            ));
        }
        if runs.iter().any(|r| r.code != Some(0)) {
            self.add(format!("{phase}: exit codes {}", codes.join(", ")));
        }
    }

    /// `rows` must hold each of `expected` exactly once.
    fn once(&mut self, what: &str, rows: &[String], expected: &[String]) {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for row in rows {
            *counts.entry(row.as_str()).or_default() += 1;
        }
        let more: Vec<String> = counts
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(r, n)| format!("{r} x{n}"))
            .collect();
        let missing: Vec<&String> = expected
            .iter()
            .filter(|r| !counts.contains_key(r.as_str()))
            .collect();
        let unknown: Vec<&&str> = counts
            .keys()
            .filter(|r| !expected.iter().any(|e| e == **r))
            .collect();
        if !more.is_empty() || !missing.is_empty() || !unknown.is_empty() {
            self.add(format!(
                "{what}: {} rows for {} revisions; {} revisions more than once (first: {}); {} missing (first: {:?}); unknown: {unknown:?}",
                rows.len(),
                expected.len(),
                more.len(),
                more.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                missing.len(),
                missing.iter().take(5).collect::<Vec<_>>(),
            ));
        }
    }

    fn equal(&mut self, what: &str, found: &[String], expected: &[&str]) {
        if found != expected {
            self.add(format!("{what}: {found:?}, expected {expected:?}"));
        }
    }

    /// Fails the test with every finding.
    fn assert_none(self, test: &str) {
        assert!(
            self.0.is_empty(),
            "{test}: {} findings:\n- {}",
            self.0.len(),
            self.0.join("\n- ")
        );
    }
}

/// The database's state as the assertions read it.
#[derive(Debug, PartialEq, Eq)]
struct State {
    /// The rows of `applied` (`None`: the table does not exist).
    applied: Option<Vec<String>>,
    /// The version table.
    versions: Vec<String>,
    /// The tables `t_NNNN`.
    tables: Vec<String>,
    /// Revisions of the event log's `success` rows, per direction.
    upgrades: Vec<String>,
    downgrades: Vec<String>,
    /// Revisions of the event log's `running` rows.
    running: Vec<String>,
}

/// A connection for reading results; on Galera with causal reads (`wsrep_sync_wait`), so that
/// a node answers only after applying what the cluster committed.
async fn connect(url: &str) -> AnyConnection {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    if url.starts_with("mysql") {
        sqlx::raw_sql("SET SESSION wsrep_sync_wait = 15")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn
}

/// Reads the state of database `name` at `url`; what cannot be read is a finding.
async fn state(url: &str, name: &str, findings: &mut Findings, phase: &str) -> State {
    let mut conn = connect(url).await;
    let tables_sql = if url.starts_with("mysql") {
        format!(
            "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = '{name}' ORDER BY 1"
        )
    } else {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1".to_string()
    };
    let mut read = async |sql: &str| match try_strings(&mut conn, sql).await {
        Ok(rows) => rows,
        Err(e) => {
            findings.add(format!("{phase}: `{sql}` failed: {e}"));
            Vec::new()
        }
    };
    let all_tables = read(&tables_sql).await;
    let has = |t: &str| all_tables.iter().any(|x| x == t);
    let applied = if has("applied") {
        Some(read("SELECT revision FROM applied ORDER BY revision").await)
    } else {
        None
    };
    let versions = read("SELECT version_num FROM alembic_version ORDER BY version_num").await;
    let log = |direction: &str| {
        format!(
            "SELECT revision FROM alembic_version_log WHERE direction = '{direction}' AND status = 'success' ORDER BY revision"
        )
    };
    let upgrades = read(&log("upgrade")).await;
    let downgrades = read(&log("downgrade")).await;
    let running =
        read("SELECT revision FROM alembic_version_log WHERE status = 'running' ORDER BY revision")
            .await;
    let tables = all_tables
        .iter()
        .filter(|t| t.starts_with("t_"))
        .cloned()
        .collect();
    conn.close().await.unwrap();
    State {
        applied,
        versions,
        tables,
        upgrades,
        downgrades,
        running,
    }
}

/// After an upgrade to revision `upto`: every migration up to it applied exactly once, the
/// version table at it, one `success` upgrade event per revision, no `running` event, every
/// table created.
fn check_upgraded(findings: &mut Findings, phase: &str, state: &State, upto: u32) {
    let all = revisions(upto);
    match &state.applied {
        Some(rows) => findings.once(&format!("{phase}: rows of `applied`"), rows, &all),
        None => findings.add(format!("{phase}: the table `applied` does not exist")),
    }
    findings.equal(
        &format!("{phase}: version table"),
        &state.versions,
        &[id(upto).as_str()],
    );
    findings.once(
        &format!("{phase}: `success` upgrade events"),
        &state.upgrades,
        &all,
    );
    findings.equal(&format!("{phase}: `running` events"), &state.running, &[]);
    if state.tables != ddl_tables(upto) {
        findings.add(format!(
            "{phase}: tables t_NNNN {:?}, expected {:?}",
            state.tables,
            ddl_tables(upto)
        ));
    }
}

/// After `downgrade base`: nothing left (the first revision's downgrade drops `applied`), the
/// version table empty, one `success` downgrade event per revision, no `running` event.
fn check_downgraded(findings: &mut Findings, phase: &str, state: &State) {
    if let Some(rows) = &state.applied {
        findings.add(format!(
            "{phase}: `applied` still exists with {} rows (first: {:?})",
            rows.len(),
            rows.iter().take(5).collect::<Vec<_>>()
        ));
    }
    findings.equal(&format!("{phase}: version table"), &state.versions, &[]);
    findings.once(
        &format!("{phase}: `success` downgrade events"),
        &state.downgrades,
        &revisions(COUNT),
    );
    findings.equal(&format!("{phase}: `running` events"), &state.running, &[]);
    findings.equal(&format!("{phase}: tables t_NNNN"), &state.tables, &[]);
}

/// No advisory lock held on database `name` of the direct PostgreSQL server (a session lock
/// taken through a transaction pooler stays with an idle pooled backend), and no `GET_LOCK`
/// lock of the runner on any Galera node (`read` are the URLs the results are read from).
async fn check_locks(findings: &mut Findings, phase: &str, name: &str, read: &[String]) {
    // The lock table: a step outside a transaction (PostgreSQL) or a Galera run claims its row,
    // and every claim is gone once the runs ended (the row `checksums` is the checksum
    // checkpoint, which stays).
    let url = if read[0].starts_with("postgres") {
        common::with_database(&direct_postgres(), name)
    } else {
        common::with_database(&read[0], name)
    };
    let mut conn = connect(&url).await;
    match try_strings(
        &mut conn,
        "SELECT holder FROM alembic_version_lock WHERE name <> 'checksums'",
    )
    .await
    {
        Ok(rows) if rows.is_empty() => {}
        Ok(rows) => findings.add(format!(
            "{phase}: lock-table rows left behind on {name}: {rows:?}"
        )),
        Err(e) => findings.add(format!(
            "{phase}: cannot read the lock table of {name}: {e}"
        )),
    }
    conn.close().await.unwrap();
    if read[0].starts_with("postgres") {
        let mut conn = connect(&direct_postgres()).await;
        let held = common::strings(
            &mut conn,
            &format!(
                "SELECT CAST(l.pid AS TEXT) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
                 WHERE l.locktype = 'advisory' AND d.datname = '{name}'"
            ),
        )
        .await;
        if !held.is_empty() {
            findings.add(format!(
                "{phase}: advisory locks still held on {name} by backends {held:?}"
            ));
        }
        conn.close().await.unwrap();
        return;
    }
    for (i, url) in read.iter().enumerate() {
        let mut conn = connect(url).await;
        let held = common::strings(
            &mut conn,
            &format!("SELECT CAST(COALESCE(IS_USED_LOCK('cargo_migrate.{name}'), 0) AS CHAR)"),
        )
        .await;
        if held != ["0"] {
            findings.add(format!(
                "{phase}: node {} still holds the migration lock (connection {held:?})",
                i + 1
            ));
        }
        conn.close().await.unwrap();
    }
}

/// The run after the concurrent ones, on the direct server: it must not wait for a leaked lock.
fn check_prompt_run(findings: &mut Findings, phase: &str, url: &str) {
    let args = ["-q", "upgrade", "head", "--lock-timeout", "10"];
    let run = run_one(url, &args);
    if run.code != Some(0) || run.elapsed > PROMPT {
        findings.add(format!(
            "{phase}: a following direct `{}` exited {:?} after {:.1} s (expected 0 within {} s): {}",
            args.join(" "),
            run.code,
            run.elapsed.as_secs_f64(),
            PROMPT.as_secs(),
            run.said()
        ));
    }
}

/// One phase of a race: `args` run by every target at once, then their exit codes, the state
/// read at every URL of `read` (checked by `check`; several nodes must agree), and the locks.
async fn phase(
    findings: &mut Findings,
    phase: &str,
    targets: &[(String, String)],
    args: &[&str],
    (name, read): (&str, &[String]),
    check: impl Fn(&mut Findings, &str, &State),
) {
    let mut args = args.to_vec();
    args.extend(["--lock-timeout", LOCK_TIMEOUT]);
    let runs = run_all(targets, &args);
    findings.exits(phase, &runs);
    let mut states = Vec::new();
    for (i, url) in read.iter().enumerate() {
        let at = if read.len() > 1 {
            format!("{phase}, read on node {}", i + 1)
        } else {
            phase.to_string()
        };
        let state = state(url, name, findings, &at).await;
        check(findings, &at, &state);
        states.push(state);
    }
    if states.windows(2).any(|w| w[0] != w[1]) {
        findings.add(format!("{phase}: the nodes disagree: {states:?}"));
    }
    check_locks(findings, phase, name, read).await;
}

/// The whole race on database `name`: concurrent upgrades to the middle of the history, then
/// to head (followed by a direct run that must go straight through), then concurrent
/// `downgrade base`. `read[0]` is also where the following direct run points.
async fn race(
    findings: &mut Findings,
    name: &str,
    upgrade: &[(String, String)],
    downgrade: &[(String, String)],
    read: &[String],
) {
    let at = (name, read);
    phase(
        findings,
        "upgrade to the middle",
        upgrade,
        &["-q", "upgrade", &id(MIDDLE)],
        at,
        |f, p, s| check_upgraded(f, p, s, MIDDLE),
    )
    .await;
    phase(
        findings,
        "upgrade head",
        upgrade,
        &["-q", "upgrade", "head"],
        at,
        |f, p, s| check_upgraded(f, p, s, COUNT),
    )
    .await;
    check_prompt_run(findings, "upgrade head", &read[0]);
    let again = state(&read[0], name, findings, "upgrade head, following run").await;
    check_upgraded(findings, "upgrade head, following run", &again, COUNT);
    phase(
        findings,
        "downgrade base",
        downgrade,
        &["-q", "downgrade", "base"],
        at,
        check_downgraded,
    )
    .await;
}

/// Where the concurrent runners of a PostgreSQL test point.
#[derive(Clone, Copy)]
enum Via {
    /// Through pgbouncer, transaction pooling.
    Transaction,
    /// Through pgbouncer, session pooling.
    Session,
    /// The server itself.
    Direct,
}

impl Via {
    fn url(self, name: &str) -> (String, String) {
        let (label, admin) = match self {
            Via::Transaction => (
                "pgbouncer transaction",
                topology_url("MIGRATE_TEST_PGBOUNCER_TX_URL"),
            ),
            Via::Session => (
                "pgbouncer session",
                topology_url("MIGRATE_TEST_PGBOUNCER_SESSION_URL"),
            ),
            Via::Direct => ("direct", direct_postgres()),
        };
        (label.into(), common::with_database(&admin, name))
    }
}

/// The race on PostgreSQL, upgrade runner `i` through `upgrade_via[i]` and downgrade runner
/// `i` through `downgrade_via[i]`; results read on the direct server.
fn postgres_race(test: &str, upgrade_via: &[Via], downgrade_via: &[Via]) {
    let _serial = serial();
    // Fail before creating anything when a topology is not running.
    for via in upgrade_via.iter().chain(downgrade_via) {
        via.url("postgres");
    }
    rt().block_on(async {
        let (name, direct) = common::create_database_on(&direct_postgres(), test).await;
        let targets = |vias: &[Via]| vias.iter().map(|via| via.url(&name)).collect::<Vec<_>>();
        let mut findings = Findings::default();
        race(
            &mut findings,
            &name,
            &targets(upgrade_via),
            &targets(downgrade_via),
            &[direct],
        )
        .await;
        common::drop_database_on(&direct_postgres(), &name).await;
        findings.assert_none(test);
    });
}

/// pgbouncer in transaction pooling (the common production setup): 8 concurrent upgrades
/// apply every migration exactly once and all exit 0, no lock stays held, the next direct run
/// goes straight through; then 6 concurrent `downgrade base` undo everything exactly once.
#[test]
fn pgbouncer_transaction_mode() {
    postgres_race("pgb_tx", &[Via::Transaction; 8], &[Via::Transaction; 6]);
}

/// pgbouncer in session pooling (pool 20 >= 2 x runners): the same with 6 runners.
#[test]
fn pgbouncer_session_mode() {
    postgres_race("pgb_session", &[Via::Session; 6], &[Via::Session; 6]);
}

/// 4 runners on the server itself and 4 through pgbouncer's transaction pooling, at once.
#[test]
fn direct_and_pooled_at_once() {
    let mixed = [
        Via::Direct,
        Via::Transaction,
        Via::Direct,
        Via::Transaction,
        Via::Direct,
        Via::Transaction,
        Via::Direct,
        Via::Transaction,
    ];
    postgres_race("pgb_mixed", &mixed, &mixed);
}

/// One runner through pgbouncer's transaction pooling: the baseline that works without any
/// lock (so a failure of the race above is the race's, not the set-up's).
#[test]
fn pgbouncer_transaction_mode_one_runner() {
    postgres_race("pgb_tx_one", &[Via::Transaction], &[Via::Transaction]);
}

/// The race on a 3-node Galera cluster: `runners` runners spread over the nodes (runner `i` on
/// node `i % 3 + 1`); every node agrees on the result.
fn galera_race(test: &str, runners: usize) {
    let _serial = serial();
    let nodes: Vec<String> = topology_url("MIGRATE_TEST_GALERA_URLS")
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(
        nodes.len(),
        3,
        "MIGRATE_TEST_GALERA_URLS holds {} URLs, expected the 3 nodes' (see .ci/topologies.sh env)",
        nodes.len()
    );
    rt().block_on(async {
        let (name, _) = common::create_database_on(&nodes[0], test).await;
        let urls: Vec<String> = nodes
            .iter()
            .map(|n| common::with_database(n, &name))
            .collect();
        let targets: Vec<(String, String)> = (0..runners)
            .map(|i| (format!("node {}", i % 3 + 1), urls[i % 3].clone()))
            .collect();
        let mut findings = Findings::default();
        race(&mut findings, &name, &targets, &targets, &urls).await;
        common::drop_database_on(&nodes[0], &name).await;
        findings.assert_none(test);
    });
}

/// A 3-node Galera cluster: 6 runners, 2 per node, the same race; every node agrees on the
/// result, which has every migration exactly once.
#[test]
fn galera_cluster() {
    galera_race("galera", 6);
}

/// One runner on Galera node 1, results read on all three: the baseline.
#[test]
fn galera_cluster_one_runner() {
    galera_race("galera_one", 1);
}

/// Waits until the standby has replayed the primary's upgrade of database `name`.
async fn wait_for_replay(standby: &str) {
    let started = Instant::now();
    loop {
        if let Ok(mut conn) = AnyConnection::connect(standby).await {
            if let Ok(versions) =
                try_strings(&mut conn, "SELECT version_num FROM alembic_version").await
                && versions == [HEAD]
            {
                conn.close().await.unwrap();
                return;
            }
            conn.close().await.unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the standby did not replay the primary's upgrade within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A hot standby: reads work (`current` prints the head), and every writing command, a no-op
/// `upgrade head` included, is refused with the message that names the standby and the fix.
#[test]
fn hot_standby() {
    let _serial = serial();
    let primary_admin = topology_url("MIGRATE_TEST_PG_PRIMARY_URL");
    let standby_admin = topology_url("MIGRATE_TEST_PG_STANDBY_URL");
    rt().block_on(async {
        let (name, primary) = common::create_database_on(&primary_admin, "standby").await;
        let standby = common::with_database(&standby_admin, &name);
        let mut findings = Findings::default();

        let up = run_one(&primary, &["-q", "upgrade", "head"]);
        findings.exits("upgrade head on the primary", std::slice::from_ref(&up));
        wait_for_replay(&standby).await;

        for args in [
            &["upgrade", "head"][..],
            &["downgrade", "-1"][..],
            &["stamp", "base"][..],
        ] {
            let run = run_one(&standby, args);
            let said = run.said();
            let refused = matches!(run.code, Some(code) if code != 0)
                && said.contains("read-only")
                && said.contains("primary")
                && !said.contains("mode=ro");
            if !refused {
                findings.add(format!(
                    "`{}` on the standby exited {:?}, expected a refusal naming the read-only hot standby and the primary (\"this is a read-only hot standby; point DATABASE_URL at the primary\"): {}",
                    args.join(" "),
                    run.code,
                    if said.is_empty() { "(nothing on stderr)".into() } else { said }
                ));
            }
        }

        let current = run_one(&standby, &["current"]);
        if current.code != Some(0) || !current.stdout.contains(HEAD) {
            findings.add(format!(
                "`current` on the standby exited {:?} and printed {:?}, expected 0 and {HEAD}: {}",
                current.code,
                current.stdout,
                current.said()
            ));
        }

        let after = state(&primary, &name, &mut findings, "primary after the standby's refusals").await;
        check_upgraded(
            &mut findings,
            "primary after the standby's refusals",
            &after,
            COUNT,
        );

        common::drop_database_on(&primary_admin, &name).await;
        findings.assert_none("hot_standby");
    });
}

/// A pgbouncer set up without `ignore_startup_parameters`: it refuses the connection, and the
/// error says which setting fixes it (exit 4, the database code), with no password shown.
#[test]
fn pgbouncer_without_ignore_startup_parameters() {
    let _serial = serial();
    let url = common::with_database(
        &topology_url("MIGRATE_TEST_PGBOUNCER_STRICT_URL"),
        "postgres",
    );
    let run = run_one(&url, &["current"]);
    assert_eq!(run.code, Some(4), "{}", run.said());
    assert!(
        run.stderr
            .contains("add `ignore_startup_parameters = extra_float_digits` to the [pgbouncer] section of pgbouncer.ini"),
        "{}",
        run.stderr
    );
}
