//! Building the migrations crate with cargo and running its binary.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cargo_metadata::Message;
use migrate_graph::contract;

use crate::cli::GlobalOptions;
use crate::error::Error;
use crate::term::Term;
use crate::workspace::{MigrationsCrate, cargo_path};

/// Builds the migrations binary with `$CARGO build --message-format=json-render-diagnostics`
/// and returns the path of the executable. Cargo's stderr is inherited, so compile errors are
/// shown exactly as cargo prints them; its stdout, pure JSON, is parsed here.
pub fn build(krate: &MigrationsCrate, options: &GlobalOptions) -> Result<PathBuf, Error> {
    let mut command = Command::new(cargo_path());
    command
        .arg("build")
        .arg("--message-format=json-render-diagnostics")
        .arg("--package")
        .arg(&krate.name)
        .arg("--bin")
        .arg(&krate.bin)
        .arg(format!("--color={}", options.color.as_str()));
    if options.release {
        command.arg("--release");
    }
    if options.quiet {
        command.arg("--quiet");
    }
    if let Some(path) = &options.manifest_path {
        command.arg("--manifest-path").arg(path);
    }
    let shown = show(&command);
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|source| Error::Spawn {
            command: shown.clone(),
            source,
        })?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut executable = None;
    for message in Message::parse_stream(BufReader::new(stdout)) {
        let Ok(message) = message else { continue };
        if let Message::CompilerArtifact(artifact) = message
            && artifact.package_id == krate.id
            && artifact.target.name == krate.bin
            && artifact.target.is_bin()
            && let Some(path) = artifact.executable
        {
            executable = Some(path.into_std_path_buf());
        }
    }
    let status = child.wait().map_err(|source| Error::Spawn {
        command: shown.clone(),
        source,
    })?;
    if !status.success() {
        return Err(Error::Build {
            package: krate.name.clone(),
            command: shown,
        });
    }
    executable.ok_or_else(|| Error::NoExecutable {
        command: shown,
        bin: krate.bin.clone(),
    })
}

/// Runs the migrations binary with `args`, passing the contract version, `--color` and (in the
/// environment, never on the command line) `--database-url`. On Unix the binary replaces this
/// process, so signals (Ctrl-C) reach it directly and its exit code is ours; elsewhere it is
/// waited for and its exit code forwarded.
pub fn run(
    term: &Term,
    executable: &Path,
    args: &[String],
    options: &GlobalOptions,
) -> Result<u8, Error> {
    let command = command(executable, args, options);
    let mut shown = crate::workspace::shown(executable);
    for arg in args {
        shown.push(' ');
        // An argument may be a URL with a password, given in the wrong place.
        shown.push_str(&crate::term::redact_url(arg));
    }
    term.status("Running", &format!("`{shown}`"));
    exec(command, executable)
}

/// Runs the migrations binary with `args` as [`run`] does, but as a child whose standard output
/// and error are captured (without color): `(exit code, stdout, stderr)`.
pub fn capture(
    executable: &Path,
    args: &[String],
    options: &GlobalOptions,
) -> Result<(u8, String, String), Error> {
    let (code, output) = wait(
        command(executable, args, options).env(contract::ENV_COLOR, "never"),
        executable,
    )?;
    Ok((
        code,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

#[cfg(unix)]
fn exec(mut command: Command, executable: &Path) -> Result<u8, Error> {
    use std::os::unix::process::CommandExt;
    // Only returns on failure.
    let source = command.exec();
    Err(Error::Exec {
        path: executable.to_path_buf(),
        source,
    })
}

#[cfg(not(unix))]
fn exec(mut command: Command, executable: &Path) -> Result<u8, Error> {
    let status = command.status().map_err(|source| Error::Exec {
        path: executable.to_path_buf(),
        source,
    })?;
    Ok(status
        .code()
        .and_then(|c| u8::try_from(c).ok())
        .unwrap_or(1))
}

/// The migrations binary's command: `args`, the contract version, `--color`, and the database
/// URL in the environment.
pub(crate) fn command(executable: &Path, args: &[String], options: &GlobalOptions) -> Command {
    let mut command = Command::new(executable);
    let several = options.database_url.len() > 1 || !options.named_databases.is_empty();
    if several {
        // Before the command's arguments (which may hold a `--`); a binary too old to know it
        // refuses the run.
        command.arg(contract::ARG_DATABASES_FROM_ENV);
    }
    command
        .args(args)
        .env(contract::ENV_CONTRACT, contract::VERSION.to_string())
        .env(contract::ENV_COLOR, options.color.as_str())
        .env(contract::ENV_METADATA_URL_OK, "1");
    command.env_remove(contract::ENV_DATABASES);
    match (
        options.database_url.as_slice(),
        options.named_databases.is_empty(),
    ) {
        ([], true) => {
            command.env_remove(contract::ENV_URL_FROM);
        }
        ([url], true) => {
            command
                .env(contract::ENV_DATABASE_URL, url)
                .env(contract::ENV_URL_FROM, "--database-url");
        }
        (urls, _) => {
            // Several, or named ones: one per line, `NAME<TAB>URL` (see the contract).
            let mut list = String::new();
            for url in urls {
                list.push_str(&format!("\t{url}\n"));
            }
            for (name, url) in &options.named_databases {
                list.push_str(&format!("{name}\t{url}\n"));
            }
            command
                .env(contract::ENV_DATABASES, list)
                .env_remove(contract::ENV_URL_FROM);
        }
    }
    command
}

/// Runs the migrations binary with `args` as [`run`] does, but waits for it and returns its
/// exit code and stdout (its stderr goes to ours).
pub fn output(
    executable: &Path,
    args: &[String],
    options: &GlobalOptions,
) -> Result<(u8, String), Error> {
    let (code, output) = wait(
        command(executable, args, options).stderr(Stdio::inherit()),
        executable,
    )?;
    Ok((code, String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// Runs `command` to its end: its exit code (1 when it has none, e.g. killed) and its output.
fn wait(command: &mut Command, executable: &Path) -> Result<(u8, std::process::Output), Error> {
    let output = command.output().map_err(|source| Error::Exec {
        path: executable.to_path_buf(),
        source,
    })?;
    let code = output
        .status
        .code()
        .and_then(|c| u8::try_from(c).ok())
        .unwrap_or(1);
    Ok((code, output))
}

/// The command line as a person would type it, for messages.
fn show(command: &Command) -> String {
    let mut shown = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    shown
}
