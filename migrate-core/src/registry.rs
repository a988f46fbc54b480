//! The registry: every `#[migration]` of a crate, collected through `inventory` and checked.

use migrate_graph::{Location, Revision, RevisionMap};

use crate::error::{Error, Result};
use crate::ops::Operations;

/// What `#[migration]` registers for one revision. Built by the macro; const-constructible.
#[derive(Debug)]
pub struct MigrationInfo {
    /// The revision id.
    pub revision: &'static str,
    /// Its parents; empty for a base.
    pub down_revisions: &'static [&'static str],
    /// Its `depends_on` revisions.
    pub depends_on: &'static [&'static str],
    /// Its branch labels.
    pub branch_labels: &'static [&'static str],
    /// The revisions it squashes (`replaces`), oldest first; empty for most revisions.
    pub replaces: &'static [&'static str],
    /// Its message.
    pub message: &'static str,
    /// The struct's name.
    pub name: &'static str,
    /// The file that declares it, as the compiler names it.
    pub file: &'static str,
    /// The line of the attribute.
    pub line: u32,
    /// The module that declares it (its first segment is the crate's name).
    pub module: &'static str,
    /// The checksum of the file's tokens (comments and formatting excluded).
    pub checksum: &'static str,
    /// True when the file implements `downgrade` (otherwise a downgrade through it is refused
    /// before anything runs).
    pub has_downgrade: bool,
    /// False when it must run outside a transaction.
    pub transactional: bool,
    /// The lint rules this migration silences, each with its reason:
    /// `allow(drop_column = "unused since 2026-10")` gives `[("drop_column", "unused since 2026-10")]`.
    pub allows: &'static [(&'static str, &'static str)],
    /// Runs `Migration::upgrade`.
    pub upgrade: for<'a, 'c> fn(&'a mut Operations<'c>) -> crate::__private_v1::BoxFuture<'a>,
    /// Runs `Migration::downgrade`.
    pub downgrade: for<'a, 'c> fn(&'a mut Operations<'c>) -> crate::__private_v1::BoxFuture<'a>,
}

inventory::collect!(MigrationInfo);

/// The migrations crate's folder, for naming files relative to it: the folder, then each of its
/// tails (the crate's path within a workspace is one), built once per registry.
struct CrateDir(Vec<std::path::PathBuf>);

impl CrateDir {
    fn new(manifest_dir: &str) -> Self {
        let parts: Vec<_> = std::path::Path::new(manifest_dir).components().collect();
        CrateDir(
            (0..parts.len())
                .map(|start| parts[start..].iter().collect())
                .collect(),
        )
    }

    /// `file` (as the compiler names it: relative to the workspace it was built in, or
    /// absolute) relative to the migrations crate, as `cargo migrate` names it from the
    /// sources.
    fn relative(&self, file: &str) -> String {
        let file_path = std::path::Path::new(file);
        self.0
            .iter()
            .find_map(|dir| file_path.strip_prefix(dir).ok())
            .map_or_else(
                || file.to_string(),
                |inside| inside.to_string_lossy().into_owned(),
            )
    }
}

impl MigrationInfo {
    fn to_revision(&self, dir: &CrateDir) -> Revision {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Revision {
            revision: self.revision.to_string(),
            down_revisions: strings(self.down_revisions),
            depends_on: strings(self.depends_on),
            branch_labels: strings(self.branch_labels),
            replaces: strings(self.replaces),
            message: self.message.to_string(),
            name: self.name.to_string(),
            location: Some(Location {
                file: dir.relative(self.file),
                line: self.line,
            }),
        }
    }
}

/// The `[package.metadata.migrate]` of the migrations crate, embedded at compile time.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Metadata {
    /// `database-url`.
    pub database_url: Option<&'static str>,
    /// `version-table`.
    pub version_table: Option<&'static str>,
    /// `version-table-schema`.
    pub version_table_schema: Option<&'static str>,
    /// `embed-database-url`: the binary may use `database_url` when it runs alone.
    pub embed_database_url: bool,
    /// `include-tables`: the tables introspection reads (patterns; empty for all).
    pub include_tables: &'static [&'static str],
    /// `exclude-tables`: the tables introspection leaves out (patterns).
    pub exclude_tables: &'static [&'static str],
    /// `schemas`: the PostgreSQL schemas introspection reads (empty for the current one).
    pub schemas: &'static [&'static str],
    /// The crate's directory at build time.
    pub manifest_dir: &'static str,
}

/// A migrations crate: the token `include_versions!` emits as `MIGRATIONS`. Naming it links
/// the crate's migrations into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Migrations {
    crate_name: &'static str,
    files: usize,
    metadata: Metadata,
}

/// Builds the [`Migrations`] token; called by `include_versions!`.
#[doc(hidden)]
pub const fn migrations(crate_name: &'static str, files: usize, metadata: Metadata) -> Migrations {
    Migrations {
        crate_name,
        files,
        metadata,
    }
}

impl Migrations {
    /// The migrations crate's name.
    pub fn crate_name(&self) -> &'static str {
        self.crate_name
    }

    /// The settings embedded from `[package.metadata.migrate]`.
    pub(crate) fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// Collects this crate's registered migrations and checks the graph.
    pub fn registry(&self) -> Result<Registry> {
        Registry::collect(self)
    }
}

/// The checked set of a crate's migrations, with its revision map.
#[derive(Debug)]
pub struct Registry {
    infos: Vec<&'static MigrationInfo>,
    map: RevisionMap,
}

impl Registry {
    /// Collects the migrations `inventory` registered for `migrations`'s crate, re-checks the
    /// graph rules, and refuses an empty registry.
    pub fn collect(migrations: &Migrations) -> Result<Registry> {
        let prefix = migrations.crate_name;
        let mut infos: Vec<&'static MigrationInfo> = inventory::iter::<MigrationInfo>
            .into_iter()
            .filter(|info| {
                info.module == prefix
                    || info
                        .module
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with("::"))
            })
            .collect();
        if infos.is_empty() {
            return Err(Error::EmptyRegistry);
        }
        infos.sort_by_key(|info| (info.revision, info.file));
        if infos.len() != migrations.files {
            return Err(Error::Config(format!(
                "{} declares {} revision files but {} migrations are registered: every file in the versions folder must hold exactly one #[migration]",
                migrations.crate_name,
                migrations.files,
                infos.len()
            )));
        }
        let dir = CrateDir::new(migrations.metadata.manifest_dir);
        let map = RevisionMap::new(infos.iter().map(|i| i.to_revision(&dir)).collect())?;
        Ok(Registry { infos, map })
    }

    /// The revision map.
    pub fn map(&self) -> &RevisionMap {
        &self.map
    }

    /// The registered code of a revision.
    pub fn get(&self, revision: &str) -> Option<&'static MigrationInfo> {
        self.infos
            .binary_search_by_key(&revision, |info| info.revision)
            .ok()
            .map(|i| self.infos[i])
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.infos.len()
    }

    /// Always false: an empty registry is refused.
    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::CrateDir;

    #[test]
    fn files_are_named_relative_to_the_migrations_crate() {
        let dir = CrateDir::new("/work/app/migrations");
        let crate_relative = |file: &str, dir: &CrateDir| dir.relative(file);
        let dir = &dir;
        assert_eq!(
            crate_relative("migrations/src/versions/a.rs", dir),
            "src/versions/a.rs"
        );
        assert_eq!(
            crate_relative("src/versions/a.rs", dir),
            "src/versions/a.rs"
        );
        assert_eq!(
            crate_relative("/work/app/migrations/src/versions/a.rs", dir),
            "src/versions/a.rs"
        );
        assert_eq!(crate_relative("elsewhere/a.rs", dir), "elsewhere/a.rs");
    }
}
