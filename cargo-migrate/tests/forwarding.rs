//! `--database-url` reaches the migrations binary through its environment only, for every
//! command `cargo migrate` forwards, wherever the flag is written (before the command, after it,
//! among the forwarded flags, as `--database-url=URL`).
//!
//! The check reads what the operating system shows every user of the machine: the running
//! binary's `/proc/<pid>/cmdline`. To catch the binary while it runs, the fixture's `src/main.rs`
//! waits for its standard input to close before it calls `migrate_core::cli::main` when
//! `HOLD_UNTIL_STDIN_CLOSES` is set; on Unix `cargo migrate` replaces itself with the binary, so
//! the pid is the one spawned here.

#![cfg(target_os = "linux")]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Run, Workspace};
use migrate_graph::contract;

const PASSWORD: &str = "s3cr3t-PW-4242";

/// The fixture's main.rs: the generated one, held until stdin closes when asked.
const HELD_MAIN: &str = r#"fn main() -> std::process::ExitCode {
    if std::env::var_os("HOLD_UNTIL_STDIN_CLOSES").is_some() {
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    }
    migrate_core::cli::main(migrations::MIGRATIONS)
}
"#;

/// `/proc/<pid>/<file>` split at NUL bytes.
fn proc_list(pid: u32, file: &str) -> Vec<String> {
    let bytes = std::fs::read(format!("/proc/{pid}/{file}")).unwrap_or_default();
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

/// Waits until `pid` runs the executable `exe` (cargo migrate has built and exec'd it).
fn wait_for_exec(pid: u32, exe: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(600);
    while Instant::now() < deadline {
        if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn database_url_never_reaches_the_binarys_command_line() {
    let ws = Workspace::new();
    ws.ok(&["init"]);
    ws.ok(&["revision", "-m", "one", "--rev-id", "aaaa0001"]);
    std::fs::write(ws.root().join("migrations/src/main.rs"), HELD_MAIN).unwrap();
    // Port 1: nothing listens, so a command that connects fails fast once released.
    let url = format!("postgres://app:{PASSWORD}@127.0.0.1:1/app");
    let eq = format!("--database-url={url}");
    let exe: PathBuf = common::repo().join("target/e2e/debug/migrations");
    let cases: Vec<Vec<&str>> = vec![
        vec!["--database-url", &url, "stamp", "head"],
        vec!["stamp", "head", "--database-url", &url],
        vec!["stamp", "--purge", "aaaa0001", &eq],
        vec!["upgrade", "head", "--database-url", &url],
        vec!["upgrade", "head", "--sql", "--database-url", &url],
        vec!["downgrade", "base", "--database-url", &url],
        vec!["current", "--check-heads", "--database-url", &url],
        vec!["current", "--database-url", &url, "--check-heads"],
        vec!["log", "-n", "5", "--database-url", &url],
        vec!["log", "--database-url", &url, "-n", "5"],
        vec!["check", "--format", "json", "--database-url", &url],
        vec!["ensure-version", "--sql", "--database-url", &url],
        vec!["ensure-version", &eq, "--sql"],
        vec!["history", "-i", "--database-url", &url],
        vec!["frobnicate", "--database-url", &url],
    ];
    for args in cases {
        let mut child = ws
            .command(&args)
            .env("HOLD_UNTIL_STDIN_CLOSES", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cargo-migrate starts");
        let pid = child.id();
        let running = wait_for_exec(pid, &exe);
        let cmdline = proc_list(pid, "cmdline");
        let environ = proc_list(pid, "environ");
        drop(child.stdin.take());
        let mut stdout = String::new();
        let mut stderr = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        let run = Run {
            args: args.join(" "),
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        };
        assert!(running, "the migrations binary never ran: {run}");
        assert!(
            !cmdline.iter().any(|a| a.contains(PASSWORD)),
            "the password is on the binary's command line {cmdline:?}: {run}"
        );
        assert!(
            !cmdline.iter().any(|a| a.starts_with("--database-url")),
            "--database-url is on the binary's command line {cmdline:?}: {run}"
        );
        assert_eq!(
            cmdline.get(1).map(String::as_str),
            Some(
                args.iter()
                    .find(|a| !a.starts_with("--database-url") && **a != url)
                    .unwrap()
            )
            .copied(),
            "the command is forwarded: {cmdline:?}"
        );
        let env = |name: &str| {
            environ
                .iter()
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_owned))
        };
        assert_eq!(
            env(contract::ENV_DATABASE_URL).as_deref(),
            Some(url.as_str()),
            "DATABASE_URL carries the URL: {run}"
        );
        assert_eq!(
            env(contract::ENV_URL_FROM).as_deref(),
            Some("--database-url"),
            "the binary is told where the URL came from: {run}"
        );
        assert!(
            !run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD),
            "{run}"
        );
        assert_ne!(run.code, 101, "no panic: {run}");
    }
}
