//! A correct history passes the stairway test on all three databases, leaving no database
//! behind; Ctrl-C during `test` drops the throwaway database too.

#[macro_use]
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::Backend;
use migrate_graph::contract::exit;

migrate_core::include_versions!("tests/stairway_ok");

fn correct_history_passes(backend: Backend) {
    assert!(common::stairway(MIGRATIONS, backend).is_none());
}

/// `test` in the migrations binary (tests/databases' own history), interrupted with SIGINT
/// while its first upgrade runs: it exits 130 and the throwaway database is gone.
fn interrupted(backend: Backend) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_test-migrations"));
    command
        .args([
            "test",
            "--backend",
            match backend {
                Backend::Sqlite => "sqlite",
                Backend::Postgres => "postgres",
                Backend::Mysql => "mysql",
            },
        ])
        .env("NO_COLOR", "1")
        // Each upgrade of the binary's history sleeps: SIGINT lands inside the first one.
        .env("MIGRATE_TEST_SLOW_MS", "3000")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if backend != Backend::Sqlite {
        command.args(["--database-url", &common::server_url(backend)]);
    }
    let mut child = command.spawn().expect("the migrations binary runs");
    let pid = child.id();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        assert_ne!(
            stderr.read_line(&mut line).unwrap(),
            0,
            "ended before any step: {seen}"
        );
        seen.push_str(&line);
        if line.contains("Stairway 1/") {
            break;
        }
    }
    let during = common::rt().block_on(common::stairway_leftovers(backend, pid));
    assert_eq!(
        during.len(),
        1,
        "the throwaway database exists while it runs: {seen}"
    );
    let killed = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(i32::from(exit::INTERRUPTED)),
        "{seen}{rest}"
    );
    assert!(rest.contains("error: interrupted"), "{seen}{rest}");
    assert_eq!(
        common::rt().block_on(common::stairway_leftovers(backend, pid)),
        Vec::<String>::new(),
        "the throwaway database is dropped after Ctrl-C: {seen}{rest}"
    );
}

per_backend!(correct_history_passes, interrupted);
