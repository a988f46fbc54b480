//! What `cargo migrate` writes: the migrations crate (`init`), revision files (`revision`,
//! `merge`), and the new member in the root manifest. Everything here is pure text in, text
//! out, so that it is unit-tested; the commands do the I/O.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// The longest slug in a file name, as Alembic's `truncate_slug_length`.
pub const MAX_SLUG_LEN: usize = 40;

/// The slug of a message, for the file name: lowercased, every run of characters that are not
/// ASCII letters or digits turned into one `_`, trimmed of `_`, and cut to at most
/// [`MAX_SLUG_LEN`] characters (at a word boundary when there is one).
pub fn slug(message: &str) -> String {
    let mut slug = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
    }
    if slug.len() > MAX_SLUG_LEN {
        let cut = &slug[..MAX_SLUG_LEN];
        let at_boundary = slug.as_bytes()[MAX_SLUG_LEN] == b'_';
        slug = match cut.rfind('_') {
            Some(i) if !at_boundary && i > 0 => cut[..i].to_owned(),
            _ => cut.to_owned(),
        };
    }
    slug.trim_matches('_').to_owned()
}

/// Names of the migrations prelude and of Rust's that a migration struct must not shadow.
const RESERVED_NAMES: &[&str] = &[
    "Box",
    "Err",
    "Error",
    "Migration",
    "Migrations",
    "None",
    "Ok",
    "Operations",
    "Option",
    "Result",
    "Self",
    "Some",
    "String",
    "Table",
    "Vec",
];

/// The struct name of a revision, CamelCase of its slug: `add_account` → `AddAccount`. A slug
/// that is empty gives `Rev<Id>`, one that starts with a digit gets an `M` in front, and one that
/// would shadow a prelude name (`Result`, `Migration`, …) gets `Migration` appended.
pub fn struct_name(slug: &str, id: &str) -> String {
    let camel = |s: &str| -> String {
        s.split('_')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                first.into_iter().chain(chars).collect::<String>()
            })
            .collect()
    };
    let name = camel(slug);
    if name.is_empty() {
        return format!("Rev{}", camel(id));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("M{name}");
    }
    if RESERVED_NAMES.contains(&name.as_str()) {
        return format!("{name}Migration");
    }
    name
}

/// The file name of a revision: `<id>_<slug>.rs`, or `<id>.rs` without a slug.
pub fn file_name(id: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{id}.rs")
    } else {
        format!("{id}_{slug}.rs")
    }
}

/// A fresh revision id: 12 lowercase hex digits, like Alembic's `uuid4().hex[-12:]`. The
/// randomness comes from std's randomly keyed hasher over the time, the process id and a
/// counter, so two ids made in one process differ too.
pub fn new_rev_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// The current UTC time as `YYYY-MM-DD HH:MM:SS`, for `Create Date:`.
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_utc(secs as i64)
}

/// Seconds since the Unix epoch as `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub use migrate_graph::template::{NewRevision, revision_source};

/// True when `name` can be a package name: ASCII letters, digits, `-` and `_`, starting with a
/// letter.
pub fn is_valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// How a new crate in `crate_dir` depends on migrate-core: by a path relative to `crate_dir`
/// to this checkout when cargo-migrate runs from one (it is not a published build), so that the
/// workspace builds wherever it is cloned beside the checkout; else by version.
pub fn migrate_core_dependency(crate_dir: &Path) -> String {
    let checkout = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrate-core"));
    match checkout.canonicalize() {
        Ok(path) if path.is_dir() => {
            let relative = relative_path(crate_dir, &path);
            format!("{{ path = {} }}", toml_string(&relative.to_string_lossy()))
        }
        _ => toml_string(env!("CARGO_PKG_VERSION")),
    }
}

/// The path of `to` as seen from `from`, both absolute: `..` up to their common ancestor, then
/// down to `to`.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// What the new crate's `.gitignore` keeps out of git: the SQLite database of its default URL
/// and the files SQLite and `cargo migrate` keep beside it.
pub const GITIGNORE: &str =
    "# The SQLite database of [package.metadata.migrate] and the files kept beside it:
# SQLite's journals and cargo migrate's lock file.
*.db
*.db-journal
*.db-wal
*.db-shm
*.db.migrate-lock
";

/// The `--database-url` to pass to `init` instead of `url`, which holds a password: user and
/// password as `${VAR}` placeholders (seed 002's form), expanded from the environment or `.env`
/// when the URL is used.
pub fn placeholder_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let prefix = match scheme.split('+').next().unwrap_or(scheme) {
        "postgres" | "postgresql" => "POSTGRES",
        "mysql" | "mariadb" => "MYSQL",
        _ => "DB",
    };
    let tail = match migrate_graph::secrets::userinfo_end(rest) {
        Some(at) => &rest[at + 1..],
        None => rest.split('?').next().unwrap_or(rest),
    };
    format!("{scheme}://${{{prefix}_USER}}:${{{prefix}_PASSWORD}}@{tail}")
}

/// The application crate whose `#[derive(Model)]` structs a new migrations crate reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelsCrate {
    /// Its package name.
    pub package: String,
    /// Its library's name, as Rust code names it.
    pub lib: String,
    /// Its folder, relative to the new crate's.
    pub path: String,
}

/// The files of a new migrations crate, as (path relative to the crate, content).
/// `dependency` is the right-hand side of `migrate-core = …` ([`migrate_core_dependency`]);
/// `models`, the application crate holding the models, which the crate depends on and its
/// binary links.
pub fn crate_files(
    name: &str,
    database_url: &str,
    dependency: &str,
    models: Option<&ModelsCrate>,
) -> Vec<(String, String)> {
    let ident = name.replace('-', "_");
    let manifest = format!(
        r#"[package]
name = {name}
version = "0.1.0"
edition = "2024"
publish = false

# Read by `cargo migrate` and by the migrations binary. The database URL is taken from, in
# order: --database-url, the DATABASE_URL environment variable, a .env file, then this table.
[package.metadata.migrate]
database-url = {url}
# version-table = "alembic_version"

[dependencies]
migrate-core = {dependency}
{models_dependency}"#,
        name = toml_string(name),
        url = toml_string(database_url),
        models_dependency = models
            .map(|m| format!("{} = {{ path = {} }}\n", m.package, toml_string(&m.path)))
            .unwrap_or_default(),
    );
    let build = r#"//! Rebuilds the crate when a revision file is added or removed.
//!
//! `include_versions!` reads src/versions while the crate compiles, but cargo only watches the
//! files the compiler loaded: without the first line, a new file in src/versions would be
//! ignored until something else changed. The second one does the same for the configuration
//! in [package.metadata.migrate].

fn main() {
    println!("cargo::rerun-if-changed=src/versions");
    println!("cargo::rerun-if-changed=Cargo.toml");
}
"#
    .to_owned();
    let lib = r#"//! The database migrations of this workspace, managed with `cargo migrate`.
//!
//! Every file in src/versions defines one revision; `cargo migrate revision -m "..."` adds one.
//! `MIGRATIONS` holds them all, for src/main.rs and for an application that migrates at start-up.

migrate_core::include_versions!("src/versions");
"#
    .to_owned();
    let link = models
        .map(|m| {
            format!(
                "\n// The models of `{package}` (#[derive(Model)]), which `check` and autogenerate compare with\n// the revisions: a crate nothing names is not linked, and its models would not register.\nuse {lib} as _;\n",
                package = m.package,
                lib = m.lib
            )
        })
        .unwrap_or_default();
    let main = format!(
        r#"//! The migrations runner. `cargo migrate` builds and runs it; in production it runs alone,
//! without cargo or the sources: `./{name} upgrade head`.
{link}
fn main() -> std::process::ExitCode {{
    migrate_core::cli::main({ident}::MIGRATIONS)
}}
"#
    );
    vec![
        ("Cargo.toml".to_owned(), manifest),
        ("build.rs".to_owned(), build),
        ("src/lib.rs".to_owned(), lib),
        ("src/main.rs".to_owned(), main),
        ("src/versions/.gitkeep".to_owned(), String::new()),
        (".gitignore".to_owned(), GITIGNORE.to_owned()),
    ]
}

/// The default database URL of a new crate named `name`: a SQLite file beside where it runs.
pub fn default_database_url(name: &str) -> String {
    format!("sqlite:{name}.db?mode=rwc")
}

/// A TOML basic string holding `s`, quoted and escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Adds `member` to `[workspace] members` of a root manifest's text, keeping everything else
/// as written (comments, order, layout of a multi-line array). Adds a `[workspace]` table when
/// there is none. Returns `None` when `member` is listed already.
pub fn add_workspace_member(manifest: &str, member: &str) -> Result<Option<String>, String> {
    let mut doc = parse_manifest(manifest)?;
    if !doc.contains_key("workspace") {
        let mut table = Table::new();
        table.decor_mut().set_prefix(blank_line_before(manifest));
        doc.insert("workspace", Item::Table(table));
    }
    let workspace = doc["workspace"]
        .as_table_like_mut()
        .ok_or("`workspace` is not a table")?;
    let Some(members) = workspace.get_mut("members") else {
        workspace.insert(
            "members",
            Item::Value(Value::Array(Array::from_iter([member]))),
        );
        return Ok(Some(doc.to_string()));
    };
    let members = members
        .as_array_mut()
        .ok_or("`workspace.members` is not an array")?;
    if members.iter().any(|m| m.as_str() == Some(member)) {
        return Ok(None);
    }
    if members.is_empty() {
        let decor = members.decor().clone();
        *members = Array::from_iter([member]);
        *members.decor_mut() = decor;
        return Ok(Some(doc.to_string()));
    }
    let last_prefix = members
        .get(members.len() - 1)
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or("");
    let prefix = match last_prefix.rfind('\n') {
        Some(i) => format!("\n{}", &last_prefix[i + 1..]),
        None => " ".to_owned(),
    };
    // Without a trailing comma, the line break before `]` is the last value's suffix: it
    // moves to the new last value.
    let last = members.len() - 1;
    let suffix = members
        .get_mut(last)
        .map(|v| {
            let suffix = v
                .decor()
                .suffix()
                .and_then(|s| s.as_str())
                .unwrap_or("")
                .to_owned();
            v.decor_mut().set_suffix("");
            suffix
        })
        .unwrap_or_default();
    members.push_formatted(Value::from(member).decorated(prefix, suffix));
    Ok(Some(doc.to_string()))
}

/// Adds the production profile of the migrations binary, `[profile.migrations]` (inherits
/// `release`; one codegen unit and whole-program LTO, which halve the binary and cut its peak
/// memory: README "In production"), to a root manifest's text, keeping everything else as
/// written. A profile of its own changes no other build. Returns `None` when the workspace
/// declares it already: its settings are the team's.
pub fn add_migrations_profile(manifest: &str, member: &str) -> Result<Option<String>, String> {
    let mut doc = parse_manifest(manifest)?;
    let profiles = doc
        .entry("profile")
        .or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        })
        .as_table_like_mut()
        .ok_or("`profile` is not a table")?;
    if profiles.contains_key("migrations") {
        return Ok(None);
    }
    let mut table = Table::new();
    table.decor_mut().set_prefix(format!(
        "{}# The migrations binary for production: {}\n",
        blank_line_before(manifest),
        production_build_command(member)
    ));
    table.insert("inherits", toml_edit::value("release"));
    table.insert("lto", toml_edit::value("fat"));
    table.insert("codegen-units", toml_edit::value(1));
    profiles.insert("migrations", Item::Table(table));
    Ok(Some(doc.to_string()))
}

/// The command that builds `member`'s migrations binary with [`add_migrations_profile`]'s
/// profile.
pub fn production_build_command(member: &str) -> String {
    format!("cargo build --profile migrations -p {member}")
}

fn parse_manifest(manifest: &str) -> Result<DocumentMut, String> {
    manifest.parse().map_err(|e: toml_edit::TomlError| {
        format!(
            "it is not valid TOML ({})",
            e.message().trim().replace('\n', " ")
        )
    })
}

/// The prefix that leaves one blank line between a table appended to `manifest` and what is
/// above it.
fn blank_line_before(manifest: &str) -> &'static str {
    if manifest.is_empty() || manifest.ends_with("\n\n") {
        ""
    } else if manifest.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("add account"), "add_account");
        assert_eq!(slug("  Add  Account!! "), "add_account");
        assert_eq!(slug("add user.email (unique)"), "add_user_email_unique");
        assert_eq!(slug("élève"), "l_ve");
        assert_eq!(slug("!!!"), "");
        assert_eq!(slug(""), "");
        let long = slug("create the table that holds every invoice line of every customer");
        assert!(long.len() <= MAX_SLUG_LEN, "{long}");
        assert_eq!(long, "create_the_table_that_holds_every");
        assert_eq!(slug(&"x".repeat(50)), "x".repeat(40));
    }

    #[test]
    fn struct_names() {
        assert_eq!(struct_name("add_account", "ae1027a6acf0"), "AddAccount");
        assert_eq!(struct_name("2fa_codes", "ae1027a6acf0"), "M2faCodes");
        assert_eq!(struct_name("", "ae1027a6acf0"), "RevAe1027a6acf0");
        assert_eq!(struct_name("result", "ae1027a6acf0"), "ResultMigration");
        assert_eq!(struct_name("migration", "x"), "MigrationMigration");
    }

    #[test]
    fn ids_are_twelve_lowercase_hex_digits_and_differ() {
        let a = new_rev_id();
        let b = new_rev_id();
        for id in [&a, &b] {
            assert_eq!(id.len(), 12);
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
            );
        }
        assert_ne!(a, b);
    }

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(format_utc(1_795_255_331), "2026-11-21 10:02:11");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59");
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        let now = utc_now();
        assert_eq!(now.len(), 19);
    }

    #[test]
    fn revision_file_text() {
        let parents = vec!["1975ea83b712".to_owned()];
        let text = revision_source(&NewRevision {
            id: "ae1027a6acf0",
            parents: &parents,
            message: "add account",
            date: "2026-11-21 10:02:11",
            struct_name: "AddAccount",
            depends_on: &[],
            branch_labels: &[],
        });
        assert_eq!(
            text,
            r#"//! add account
//!
//! Revision ID: ae1027a6acf0
//! Revises: 1975ea83b712
//! Create Date: 2026-11-21 10:02:11

use migrate_core::prelude::*;

#[migration(
    revision = "ae1027a6acf0",
    down_revision = "1975ea83b712",
    message = "add account"
)]
pub struct AddAccount;

impl Migration for AddAccount {
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        let _ = op;
        Err(Error::UnwrittenUpgrade)
    }

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {
        let _ = op;
        Err(Error::UnwrittenDowngrade)
    }
}
"#
        );
    }

    #[test]
    fn base_and_merge_revisions() {
        let base = revision_source(&NewRevision {
            id: "1975ea83b712",
            parents: &[],
            message: "create \"user\"\\",
            date: "2026-11-21 10:02:11",
            struct_name: "CreateUser",
            depends_on: &[],
            branch_labels: &[],
        });
        assert!(base.starts_with(
            "//! create \"user\"\\\n//!\n//! Revision ID: 1975ea83b712\n//! Revises:\n"
        ));
        assert!(base.contains(
            r#"#[migration(revision = "1975ea83b712", down_revision = None, message = "create \"user\"\\")]"#
        ));

        let parents = vec!["aaaaaaaaaaaa".to_owned(), "bbbbbbbbbbbb".to_owned()];
        let merge = revision_source(&NewRevision {
            id: "cccccccccccc",
            parents: &parents,
            message: "merge heads",
            date: "2026-11-21 10:02:11",
            struct_name: "MergeHeads",
            depends_on: &[],
            branch_labels: &[],
        });
        assert!(merge.contains("//! Revises: aaaaaaaaaaaa, bbbbbbbbbbbb\n"));
        assert!(merge.contains(
            "#[migration(\n    revision = \"cccccccccccc\",\n    down_revision = (\"aaaaaaaaaaaa\", \"bbbbbbbbbbbb\"),\n    message = \"merge heads\"\n)]\n"
        ));
        // A merge changes nothing unless told to: its bodies succeed as generated.
        assert!(
            merge.contains("        let _ = op;\n        Ok(())\n    }\n\n    async fn downgrade")
        );
        assert!(!merge.contains("Unwritten"));
        assert!(base.contains("Err(Error::UnwrittenUpgrade)"));
    }

    #[test]
    fn crate_files_name_the_crate() {
        let files = crate_files("db-migrations", "sqlite:x.db", "\"0.1.0\"", None);
        let get = |p: &str| &files.iter().find(|(f, _)| f == p).unwrap().1;
        assert!(get("Cargo.toml").contains("name = \"db-migrations\"\n"));
        assert!(get("Cargo.toml").contains("database-url = \"sqlite:x.db\"\n"));
        assert!(get("Cargo.toml").contains("migrate-core = \"0.1.0\"\n"));
        assert!(get("Cargo.toml").parse::<DocumentMut>().is_ok());
        assert!(get("src/main.rs").contains("migrate_core::cli::main(db_migrations::MIGRATIONS)"));
        assert!(get("build.rs").contains("cargo::rerun-if-changed=src/versions"));
        assert!(get("src/lib.rs").contains("migrate_core::include_versions!(\"src/versions\");"));
    }

    #[test]
    fn dependency_points_at_this_checkout_relatively() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dep = migrate_core_dependency(&root.join("examples").join("migrations"));
        assert_eq!(dep, "{ path = \"../../migrate-core\" }");
    }

    #[test]
    fn relative_paths() {
        let p = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b));
        assert_eq!(
            p("/w/app/migrations", "/w/lib/migrate-core"),
            Path::new("../../lib/migrate-core")
        );
        assert_eq!(p("/w", "/w/x"), Path::new("x"));
        assert_eq!(p("/w/x", "/w/x"), Path::new("."));
    }

    #[test]
    fn placeholder_urls() {
        assert_eq!(
            placeholder_url("postgres://app:pw@db:5432/app?sslmode=require"),
            "postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app?sslmode=require"
        );
        assert_eq!(
            placeholder_url("mysql://root:p/w@127.0.0.1/app"),
            "mysql://${MYSQL_USER}:${MYSQL_PASSWORD}@127.0.0.1/app"
        );
        assert_eq!(
            placeholder_url("mysql://db/app?password=pw"),
            "mysql://${MYSQL_USER}:${MYSQL_PASSWORD}@db/app"
        );
    }

    #[test]
    fn models_crate_is_a_dependency_and_linked() {
        let models = ModelsCrate {
            package: "blog-app".into(),
            lib: "blog_app".into(),
            path: "../app".into(),
        };
        let files = crate_files("migrations", "sqlite:m.db", "\"0.1.0\"", Some(&models));
        let get = |p: &str| &files.iter().find(|(f, _)| f == p).unwrap().1;
        let manifest = get("Cargo.toml");
        assert!(
            manifest.ends_with("migrate-core = \"0.1.0\"\nblog-app = { path = \"../app\" }\n"),
            "{manifest}"
        );
        assert!(manifest.parse::<DocumentMut>().is_ok());
        let main = get("src/main.rs");
        assert!(main.contains("\nuse blog_app as _;\n\nfn main()"), "{main}");
        let plain = crate_files("migrations", "sqlite:m.db", "\"0.1.0\"", None);
        let plain_main = &plain.iter().find(|(f, _)| f == "src/main.rs").unwrap().1;
        assert!(!plain_main.contains("use "), "{plain_main}");
    }

    #[test]
    fn gitignore_keeps_the_database_out() {
        let files = crate_files(
            "migrations",
            "sqlite:migrations.db?mode=rwc",
            "\"0.1.0\"",
            None,
        );
        let ignore = &files.iter().find(|(f, _)| f == ".gitignore").unwrap().1;
        let patterns: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            patterns,
            [
                "*.db",
                "*.db-journal",
                "*.db-wal",
                "*.db-shm",
                "*.db.migrate-lock"
            ]
        );
    }

    #[test]
    fn toml_strings() {
        assert_eq!(toml_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(toml_string("x\ny"), r#""x\ny""#);
    }

    #[test]
    fn member_added_to_an_empty_list() {
        let text = "[workspace]\nresolver = \"3\"\nmembers = []\n";
        assert_eq!(
            add_workspace_member(text, "migrations").unwrap().unwrap(),
            "[workspace]\nresolver = \"3\"\nmembers = [\"migrations\"]\n"
        );
    }

    #[test]
    fn member_appended_to_a_one_line_list() {
        let text = "[workspace]\nmembers = [\"app\"] # the app\n";
        assert_eq!(
            add_workspace_member(text, "migrations").unwrap().unwrap(),
            "[workspace]\nmembers = [\"app\", \"migrations\"] # the app\n"
        );
    }

    #[test]
    fn member_appended_to_a_multi_line_list() {
        let text = "[workspace]\nmembers = [\n    # apps\n    \"app\",\n    \"lib\",\n]\n\n[workspace.package]\nedition = \"2024\"\n";
        assert_eq!(
            add_workspace_member(text, "migrations").unwrap().unwrap(),
            "[workspace]\nmembers = [\n    # apps\n    \"app\",\n    \"lib\",\n    \"migrations\",\n]\n\n[workspace.package]\nedition = \"2024\"\n"
        );
        let no_trailing_comma = "[workspace]\nmembers = [\n    \"app\"\n]\n";
        assert_eq!(
            add_workspace_member(no_trailing_comma, "migrations")
                .unwrap()
                .unwrap(),
            "[workspace]\nmembers = [\n    \"app\",\n    \"migrations\"\n]\n"
        );
    }

    #[test]
    fn members_key_added() {
        let text = "[workspace]\nresolver = \"3\"\n\n[workspace.dependencies]\nx = \"1\"\n";
        let out = add_workspace_member(text, "migrations").unwrap().unwrap();
        assert_eq!(
            out,
            "[workspace]\nresolver = \"3\"\nmembers = [\"migrations\"]\n\n[workspace.dependencies]\nx = \"1\"\n"
        );
    }

    #[test]
    fn workspace_table_added() {
        let text = "[package]\nname = \"app\"\n";
        assert_eq!(
            add_workspace_member(text, "migrations").unwrap().unwrap(),
            "[package]\nname = \"app\"\n\n[workspace]\nmembers = [\"migrations\"]\n"
        );
    }

    #[test]
    fn member_present_or_manifest_broken() {
        let text = "[workspace]\nmembers = [\"migrations\"]\n";
        assert_eq!(add_workspace_member(text, "migrations").unwrap(), None);
        assert!(add_workspace_member("[workspace\n", "m").is_err());
        assert!(add_workspace_member("workspace = 3\n", "m").is_err());
        assert!(add_workspace_member("[workspace]\nmembers = \"x\"\n", "m").is_err());
    }

    #[test]
    fn migrations_profile_added_once() {
        let text = "[package]\nname = \"app\"\n\n[workspace]\nmembers = [\"db\"]\n";
        let out = add_migrations_profile(text, "db").unwrap().unwrap();
        assert_eq!(
            out,
            "[package]\nname = \"app\"\n\n[workspace]\nmembers = [\"db\"]\n\n\
             # The migrations binary for production: cargo build --profile migrations -p db\n\
             [profile.migrations]\ninherits = \"release\"\nlto = \"fat\"\ncodegen-units = 1\n"
        );
        assert_eq!(add_migrations_profile(&out, "db").unwrap(), None);
        // Beside the team's own profiles, which stay as written.
        let text = "[workspace]\n\n[profile.release]\ndebug = 1\n";
        let out = add_migrations_profile(text, "db").unwrap().unwrap();
        assert!(
            out.starts_with("[workspace]\n\n[profile.release]\ndebug = 1\n\n# The migrations"),
            "{out}"
        );
        let doc: DocumentMut = out.parse().unwrap();
        assert_eq!(doc["profile"]["migrations"]["lto"].as_str(), Some("fat"));
        // Profiles written as dotted keys at the top stay so; the new one parses beside them.
        let text = "profile.release.debug = 1\n\n[package]\nname = \"app\"\n";
        let doc: DocumentMut = add_migrations_profile(text, "db")
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(doc["profile"]["release"]["debug"].as_integer(), Some(1));
        assert_eq!(
            doc["profile"]["migrations"]["inherits"].as_str(),
            Some("release")
        );
        // One the team declared is theirs.
        let text = "[profile.migrations]\ninherits = \"release\"\n";
        assert_eq!(add_migrations_profile(text, "db").unwrap(), None);
        assert!(add_migrations_profile("profile = 3\n", "db").is_err());
    }

    #[test]
    fn crate_names() {
        assert!(is_valid_crate_name("migrations"));
        assert!(is_valid_crate_name("db-migrations_2"));
        assert!(!is_valid_crate_name("2db"));
        assert!(!is_valid_crate_name(""));
        assert!(!is_valid_crate_name("a/b"));
    }
}
