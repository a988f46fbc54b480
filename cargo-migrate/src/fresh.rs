//! Skipping cargo's no-op build (about 0.2 s) when nothing the migrations binary was built from
//! changed.
//!
//! After each build, a stamp records a fingerprint: the size and modification time of every file
//! cargo's dep-info (`<binary>.d`) lists for the binary (the crate's sources and manifest, its
//! versions folder and revision files, the sources of its path dependencies), of the binary
//! itself, the workspace's `Cargo.lock`, `Cargo.toml` and `.cargo/config.toml`, plus the
//! profile, `RUSTFLAGS` and this cargo-migrate's version. The next run computes it again; only
//! when it matches exactly is the binary run without asking cargo. A file added to or removed
//! from the versions folder changes the folder's time; anything unreadable means "build".

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::cli::GlobalOptions;
use crate::workspace::MigrationsCrate;

/// Where the stamp of `krate`'s binary lives, in cargo's target folder.
fn stamp_path(krate: &MigrationsCrate, options: &GlobalOptions) -> PathBuf {
    let profile = if options.release { "release" } else { "debug" };
    krate
        .target_dir
        .join("cargo-migrate")
        .join(format!("{}-{}-{profile}.fresh", krate.name, krate.bin))
}

/// The binary recorded by the last build when nothing it depends on changed since.
pub fn fresh_executable(krate: &MigrationsCrate, options: &GlobalOptions) -> Option<PathBuf> {
    let stamp = std::fs::read_to_string(stamp_path(krate, options)).ok()?;
    let (exe, recorded) = stamp.split_once('\n')?;
    let exe = PathBuf::from(exe);
    (fingerprint(krate, options, &exe)? == recorded).then_some(exe)
}

/// Records the fingerprint of a binary cargo just built; a stamp that cannot be written only
/// means the next run asks cargo again.
pub fn record(krate: &MigrationsCrate, options: &GlobalOptions, exe: &Path) {
    let path = stamp_path(krate, options);
    let Some(print) = fingerprint(krate, options, exe) else {
        let _ = std::fs::remove_file(&path);
        return;
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&path, format!("{}\n{print}", exe.display()));
}

/// The fingerprint of `exe` and every input listed above; `None` when one cannot be read.
fn fingerprint(krate: &MigrationsCrate, options: &GlobalOptions, exe: &Path) -> Option<String> {
    let dep_info = std::fs::read_to_string(format!("{}.d", exe.display())).ok()?;
    let mut files = dep_files(&dep_info)?;
    files.push(exe.to_path_buf());
    let root = &krate.workspace_root;
    files.push(root.join("Cargo.lock"));
    files.push(root.join("Cargo.toml"));
    let config = root.join(".cargo").join("config.toml");
    let mut out = format!(
        "cargo-migrate {} crate={} release={} RUSTFLAGS={:?} CARGO_ENCODED_RUSTFLAGS={:?} config={}\n",
        env!("CARGO_PKG_VERSION"),
        krate.dir.display(),
        options.release,
        std::env::var("RUSTFLAGS").ok(),
        std::env::var("CARGO_ENCODED_RUSTFLAGS").ok(),
        stat(&config).unwrap_or_default(),
    );
    for file in files {
        let _ = writeln!(out, "{} {}", file.display(), stat(&file)?);
    }
    Some(out)
}

/// `<size> <mtime in ns>`.
fn stat(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("{} {}", meta.len(), mtime.as_nanos()))
}

/// The prerequisites of a Makefile-style dep-info file (`target: a b\ c`), its first rule only.
fn dep_files(dep_info: &str) -> Option<Vec<PathBuf>> {
    let first = dep_info.lines().next()?;
    // The target is a path too and may contain `: ` only escaped; split at the first `: `.
    let (_, deps) = first.split_once(": ")?;
    let mut files = Vec::new();
    let mut current = String::new();
    let mut chars = deps.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ' ' => {
                if !current.is_empty() {
                    files.push(PathBuf::from(std::mem::take(&mut current)));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        files.push(PathBuf::from(current));
    }
    (!files.is_empty()).then_some(files)
}

#[cfg(test)]
mod tests {
    use super::dep_files;
    use std::path::PathBuf;

    #[test]
    fn dep_info_prerequisites_with_escaped_spaces() {
        let files = dep_files("/t/debug/m: /w/m/Cargo.toml /w/my\\ dir/lib.rs /w/m/src/versions\n\n/w/m/Cargo.toml:\n").unwrap();
        assert_eq!(
            files,
            ["/w/m/Cargo.toml", "/w/my dir/lib.rs", "/w/m/src/versions"].map(PathBuf::from)
        );
        assert_eq!(dep_files("nothing here"), None);
    }
}
