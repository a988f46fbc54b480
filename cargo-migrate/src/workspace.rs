//! Finding the workspace and its migrations crate with `cargo metadata`.

use std::path::{Path, PathBuf};

use cargo_metadata::{Metadata, MetadataCommand, Package};

use crate::error::Error;

/// The cargo to run: `$CARGO` when cargo started us (it always sets it), else `cargo`.
pub fn cargo_path() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// Reads the workspace with `cargo metadata --no-deps`, honoring `--manifest-path` only when the
/// user gave it (so that a run from a sub-directory behaves like cargo). Nothing is compiled,
/// so this works while the migrations crate does not compile.
pub fn metadata(manifest_path: Option<&Path>) -> Result<Metadata, Error> {
    let mut command = MetadataCommand::new();
    command.cargo_path(cargo_path()).no_deps();
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    command
        .exec()
        .map_err(|e| Error::Metadata(metadata_error(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(stderr: &str) -> String {
        metadata_error(cargo_metadata::Error::CargoMetadata {
            stderr: stderr.to_owned(),
        })
    }

    #[test]
    fn metadata_errors_are_one_line_with_the_place() {
        assert_eq!(
            from(
                "error: unclosed table, expected `]`\n --> Cargo.toml:1:11\n  |\n1 | [workspace\n  |           ^\n"
            ),
            "Cargo.toml:1:11: unclosed table, expected `]`; fix the manifest and run again"
        );
        assert_eq!(
            from(
                "error: failed to load manifest for workspace member `/w/nope`\nreferenced by workspace at `/w/Cargo.toml`\n\nCaused by:\n  failed to read `/w/nope/Cargo.toml`\n\nCaused by:\n  No such file or directory (os error 2)\n"
            ),
            "failed to load manifest for workspace member `/w/nope` referenced by workspace at `/w/Cargo.toml`: failed to read `/w/nope/Cargo.toml`: No such file or directory (os error 2); fix the manifest and run again"
        );
    }
}

/// One line out of a `cargo metadata` failure: each of cargo's `error:` messages with the
/// `file:line:column` it points at and its `Caused by:` chain, without the source excerpt, and
/// the fix.
fn metadata_error(error: cargo_metadata::Error) -> String {
    let stderr = match error {
        cargo_metadata::Error::CargoMetadata { stderr } => stderr,
        other => return other.to_string(),
    };
    let mut messages: Vec<String> = Vec::new();
    let mut caused = false;
    for line in stderr.lines().map(str::trim) {
        let is_excerpt = line.starts_with('|')
            || line.starts_with('^')
            || line.starts_with("...")
            || line
                .split_once(" |")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if line == "Caused by:" {
            caused = true;
            continue;
        }
        if line.is_empty() || is_excerpt {
            continue;
        }
        let was_caused = std::mem::take(&mut caused);
        if let Some(message) = line.strip_prefix("error: ") {
            messages.push(message.to_owned());
        } else if let Some(location) = line.strip_prefix("--> ") {
            if let Some(last) = messages.last_mut() {
                *last = format!("{location}: {last}");
            }
        } else if let Some(last) = messages.last_mut() {
            last.push_str(if was_caused { ": " } else { " " });
            last.push_str(line);
        } else {
            messages.push(line.to_owned());
        }
    }
    let message = messages.join("; ");
    let fix = if message.contains("could not find `Cargo.toml`") {
        "run `cargo migrate` inside a cargo workspace (or pass --manifest-path)"
    } else if message.contains("manifest path") && message.contains("does not exist") {
        "check the path given with --manifest-path"
    } else {
        "fix the manifest and run again"
    };
    format!("{message}; {fix}")
}

/// The workspace's migrations crate: the member with `[package.metadata.migrate]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationsCrate {
    /// The package name.
    pub name: String,
    /// Its id, to recognize its artifacts in cargo's messages.
    pub id: cargo_metadata::PackageId,
    /// The folder holding its Cargo.toml.
    pub dir: PathBuf,
    /// The binary target that runs the migrations.
    pub bin: String,
    /// Cargo's target folder.
    pub target_dir: PathBuf,
    /// The workspace's root folder.
    pub workspace_root: PathBuf,
    /// `[package.metadata.migrate.databases]`: (name, URL as written), by name; or why it
    /// cannot be read (reported when a command uses it).
    pub databases: Result<Vec<(String, String)>, String>,
}

impl MigrationsCrate {
    /// The folder of the revision files.
    pub fn versions_dir(&self) -> PathBuf {
        self.dir.join("src").join("versions")
    }
}

/// True when `package` declares `[package.metadata.migrate]`.
fn is_migrations_crate(package: &Package) -> bool {
    package
        .metadata
        .get("migrate")
        .is_some_and(|m| m.is_object())
}

/// Picks the migrations crate among the workspace members: the one named by `-p`, or the only
/// one there is.
pub fn find_migrations_crate(
    metadata: &Metadata,
    package: Option<&str>,
) -> Result<MigrationsCrate, Error> {
    let members = metadata.workspace_packages();
    let candidates: Vec<&Package> = members
        .iter()
        .copied()
        .filter(|p| is_migrations_crate(p))
        .collect();
    let names = || candidates.iter().map(|p| p.name.to_string()).collect();
    let chosen = match package {
        Some(name) => candidates
            .iter()
            .find(|p| p.name.as_str() == name)
            .copied()
            .ok_or_else(|| Error::UnknownPackage {
                name: name.to_owned(),
                candidates: names(),
            })?,
        None => match candidates.as_slice() {
            [] => return Err(Error::NoMigrationsCrate),
            [one] => one,
            _ => return Err(Error::SeveralMigrationsCrates(names())),
        },
    };
    let bins: Vec<&str> = chosen
        .targets
        .iter()
        .filter(|t| t.is_bin())
        .map(|t| t.name.as_str())
        .collect();
    let bin = bins
        .iter()
        .find(|b| **b == chosen.name.as_str())
        .or(bins.first())
        .ok_or_else(|| Error::NoBinary(chosen.name.to_string()))?;
    let dir = chosen
        .manifest_path
        .parent()
        .map(|p| p.as_std_path().to_path_buf())
        .unwrap_or_default();
    Ok(MigrationsCrate {
        name: chosen.name.to_string(),
        id: chosen.id.clone(),
        dir,
        bin: (*bin).to_owned(),
        target_dir: metadata.target_directory.as_std_path().to_path_buf(),
        workspace_root: workspace_root(metadata),
        databases: databases_table(chosen),
    })
}

/// Reads `[package.metadata.migrate.databases]` of `package`: a table of names to URL strings.
fn databases_table(package: &Package) -> Result<Vec<(String, String)>, String> {
    let manifest = package.manifest_path.as_std_path();
    let Some(table) = package
        .metadata
        .get("migrate")
        .and_then(|m| m.get("databases"))
    else {
        return Ok(Vec::new());
    };
    let where_ = format!(
        "[package.metadata.migrate.databases] in {}",
        shown(manifest)
    );
    let Some(table) = table.as_object() else {
        return Err(format!(
            "{where_} must be a table of names to URLs, e.g. tenant_a = \"postgres://app@db/tenant_a\""
        ));
    };
    let mut out = Vec::with_capacity(table.len());
    for (name, value) in table {
        let Some(url) = value.as_str() else {
            return Err(format!(
                "{where_}: {name} must be a URL string, e.g. {name} = \"${{{}_URL}}\"",
                name.to_uppercase()
            ));
        };
        if name.is_empty() || name.contains(['\t', '\n']) || url.contains(['\t', '\n', '\r']) {
            return Err(format!(
                "{where_}: {name:?} holds a tab or a line break; write the name and URL on one line each"
            ));
        }
        out.push((name.clone(), url.to_owned()));
    }
    out.sort();
    Ok(out)
}

/// The databases `--database NAME` (in the order given) or `--all-databases` (by name) pick
/// from `krate`'s `[package.metadata.migrate.databases]`; none when neither was given.
pub fn selected_databases(
    krate: &MigrationsCrate,
    names: &[String],
    all: bool,
) -> Result<Vec<(String, String)>, Error> {
    if names.is_empty() && !all {
        return Ok(Vec::new());
    }
    let table = krate.databases.clone().map_err(Error::Databases)?;
    let known = || {
        if table.is_empty() {
            "it lists none".to_owned()
        } else {
            let names: Vec<&str> = table.iter().map(|(n, _)| n.as_str()).collect();
            format!("it lists {}", names.join(", "))
        }
    };
    if all {
        if table.is_empty() {
            return Err(Error::Databases(format!(
                "--all-databases: the migrations crate `{}` has no [package.metadata.migrate.databases]; add one (name = \"URL\" per database) to {}",
                krate.name,
                shown(&krate.dir.join("Cargo.toml"))
            )));
        }
        return Ok(table);
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(names.len());
    for name in names {
        let Some(found) = table.iter().find(|(n, _)| n == name) else {
            return Err(Error::Databases(format!(
                "--database {name}: no such database in [package.metadata.migrate.databases] of {} ({}); check the name",
                shown(&krate.dir.join("Cargo.toml")),
                known()
            )));
        };
        if !out.iter().any(|(n, _)| n == name) {
            out.push(found.clone());
        }
    }
    Ok(out)
}

/// The workspace root folder.
pub fn workspace_root(metadata: &Metadata) -> PathBuf {
    metadata.workspace_root.as_std_path().to_path_buf()
}

/// A path as cargo shows it: relative to the current directory when it is below it, else as
/// given.
pub fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let canonical_cwd = cwd.as_ref().and_then(|c| c.canonicalize().ok());
    let canonical_path = path.canonicalize().ok();
    let pairs = [
        (cwd.as_deref(), Some(path)),
        (canonical_cwd.as_deref(), canonical_path.as_deref()),
    ];
    for (base, path) in pairs {
        if let (Some(base), Some(path)) = (base, path)
            && let Ok(relative) = path.strip_prefix(base)
        {
            return relative.display().to_string();
        }
    }
    path.display().to_string()
}
