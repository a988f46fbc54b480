//! Settings, resolved as `cargo migrate` resolves them: `--database-url`, then `DATABASE_URL`
//! in the environment, then a `.env` file, then `[package.metadata.migrate]` (which a binary run
//! alone uses only with `embed-database-url = true`).

use std::path::{Path, PathBuf};

use migrate_graph::contract;

use crate::error::{Error, Result};
use crate::registry::Migrations;

/// The name of Alembic's version table, our default.
pub const DEFAULT_VERSION_TABLE: &str = "alembic_version";

/// Where the database URL came from, as the `Using` line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlSource {
    /// `--database-url` (also when `cargo migrate` forwards its own).
    CommandLine,
    /// The `DATABASE_URL` environment variable.
    Environment,
    /// `DATABASE_URL` in this `.env` file.
    DotEnv(PathBuf),
    /// `database-url` in `[package.metadata.migrate]`.
    Metadata,
    /// This key of `[package.metadata.migrate.databases]` (`cargo migrate --database NAME`).
    Named(String),
}

impl std::fmt::Display for UrlSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlSource::CommandLine => f.write_str("--database-url"),
            UrlSource::Environment => f.write_str(contract::ENV_DATABASE_URL),
            UrlSource::DotEnv(path) => write!(f, "{}", path.display()),
            UrlSource::Metadata => f.write_str("[package.metadata.migrate]"),
            UrlSource::Named(name) => write!(f, "{name} in [package.metadata.migrate.databases]"),
        }
    }
}

/// Resolved settings of one run.
#[derive(Clone)]
pub struct Config {
    /// The database URL. Never print it: use [`Config::redacted_url`].
    pub database_url: String,
    /// Where the URL came from.
    pub source: UrlSource,
    /// The version table's name.
    pub version_table: String,
    /// The schema that holds the version table (PostgreSQL), if any.
    pub version_table_schema: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.redacted_url())
            .field("source", &self.source)
            .field("version_table", &self.version_table)
            .field("version_table_schema", &self.version_table_schema)
            .finish()
    }
}

impl Config {
    /// Resolves the settings for `migrations`, with `database_url` from the command line.
    pub fn resolve(migrations: &Migrations, database_url: Option<&str>) -> Result<Config> {
        let metadata = migrations.metadata();
        let (url, source) = match database_url {
            Some(url) => (url.to_string(), UrlSource::CommandLine),
            None => match std::env::var(contract::ENV_DATABASE_URL) {
                Ok(url) => {
                    let forwarded = std::env::var(contract::ENV_URL_FROM)
                        .is_ok_and(|from| from == "--database-url");
                    let source = if forwarded {
                        UrlSource::CommandLine
                    } else {
                        UrlSource::Environment
                    };
                    (url, source)
                }
                Err(_) => {
                    let dotenv = DotEnv::find()?;
                    match dotenv
                        .as_ref()
                        .and_then(|d| d.get(contract::ENV_DATABASE_URL))
                    {
                        Some(url) => (
                            url.to_string(),
                            UrlSource::DotEnv(dotenv.map(|d| d.path).unwrap_or_default()),
                        ),
                        None => {
                            let url = metadata.database_url.ok_or(Error::NoDatabaseUrl)?;
                            let allowed = metadata.embed_database_url
                                || std::env::var(contract::ENV_METADATA_URL_OK).as_deref()
                                    == Ok("1");
                            if !allowed {
                                return Err(Error::MetadataUrlNotEmbedded);
                            }
                            let url = expand_env(url, dotenv.as_ref())?;
                            (
                                anchor_sqlite_path(&url, metadata.manifest_dir),
                                UrlSource::Metadata,
                            )
                        }
                    }
                }
            },
        };
        Config::finish(migrations, url, source)
    }

    /// Resolves the settings of the database `name` of `[package.metadata.migrate.databases]`,
    /// whose value is `template` (`${VAR}` expanded from the environment, then `.env`).
    pub fn resolve_named(migrations: &Migrations, name: &str, template: &str) -> Result<Config> {
        let dotenv = DotEnv::find()?;
        let what = format!("{name} in [package.metadata.migrate.databases]");
        let url = expand_env_for(template, dotenv.as_ref(), &what)?;
        let url = anchor_sqlite_path(&url, migrations.metadata().manifest_dir);
        Config::finish(migrations, url, UrlSource::Named(name.to_string()))
    }

    fn finish(migrations: &Migrations, url: String, source: UrlSource) -> Result<Config> {
        let metadata = migrations.metadata();
        let url = validate_url(&url, &source)?;
        let version_table = metadata
            .version_table
            .unwrap_or(DEFAULT_VERSION_TABLE)
            .to_string();
        if version_table.is_empty()
            || !version_table
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(Error::Config(format!(
                "invalid version-table {version_table:?} in [package.metadata.migrate]: use letters, digits and `_`"
            )));
        }
        Ok(Config {
            database_url: url,
            source,
            version_table,
            version_table_schema: metadata.version_table_schema.map(str::to_string),
        })
    }

    /// The URL with its password replaced by `***`.
    pub fn redacted_url(&self) -> String {
        redact_url(&self.database_url)
    }

    /// `postgres://app:***@db/app (from DATABASE_URL)`: which database, and why.
    pub fn using(&self) -> String {
        format!("{} (from {})", self.redacted_url(), self.source)
    }
}

/// The `.env` file of the current folder or its nearest parent, parsed by dotenvy.
struct DotEnv {
    path: PathBuf,
    vars: Vec<(String, String)>,
}

impl DotEnv {
    /// Reads the nearest `.env`; `None` when there is none. A file that cannot be read or
    /// parsed is an error naming it and the line: it must never silently select another URL.
    fn find() -> Result<Option<DotEnv>> {
        let Ok(cwd) = std::env::current_dir() else {
            return Ok(None);
        };
        let Some(path) = cwd
            .ancestors()
            .map(|dir| dir.join(".env"))
            .find(|path| path.is_file())
        else {
            return Ok(None);
        };
        DotEnv::read(&path).map(Some)
    }

    fn read(path: &Path) -> Result<DotEnv> {
        let unreadable = |why: String| {
            Error::Config(format!(
                "cannot read {}: {why}; fix the file or remove it (it would set DATABASE_URL)",
                path.display()
            ))
        };
        let mut vars = Vec::new();
        let entries = dotenvy::from_path_iter(path).map_err(|e| unreadable(e.to_string()))?;
        for entry in entries {
            match entry {
                Ok(pair) => vars.push(pair),
                Err(dotenvy::Error::LineParse(text, column)) => {
                    let content = std::fs::read_to_string(path).unwrap_or_default();
                    let first = text.lines().next().unwrap_or_default().trim_end();
                    let line = content
                        .lines()
                        .position(|l| l.trim_end() == first)
                        .map_or(String::new(), |i| format!(", line {}", i + 1));
                    return Err(Error::Config(format!(
                        "cannot parse {}{line}: `{}` (at column {}): write NAME=value, and quote a value holding spaces, quotes or `#` (NAME=\"…\"); nothing was run",
                        path.display(),
                        redact_url(first),
                        column + 1
                    )));
                }
                Err(error) => return Err(unreadable(error.to_string())),
            }
        }
        Ok(DotEnv {
            path: path.to_path_buf(),
            vars,
        })
    }

    /// The last value of `name` in the file.
    fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The databases `cargo migrate` passed in [`contract::ENV_DATABASES`]: `(name, url)`, the name
/// empty for a `--database-url`, the url of a named one as written in the manifest.
pub(crate) fn databases_from_env() -> Result<Vec<(String, String)>> {
    let text = std::env::var(contract::ENV_DATABASES).map_err(|_| {
        Error::Config(format!(
            "{} is only for `cargo migrate`, which sets {}: pass --database-url instead",
            contract::ARG_DATABASES_FROM_ENV,
            contract::ENV_DATABASES
        ))
    })?;
    Ok(text
        .lines()
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once('\t') {
            Some((name, url)) => (name.to_string(), url.to_string()),
            None => (String::new(), line.to_string()),
        })
        .collect())
}

/// The URLs of `databases` as they will be used, for the secrets to scrub (errors ignored:
/// resolution reports them).
pub(crate) fn expanded_urls(databases: &[(String, String)]) -> Vec<String> {
    let dotenv = DotEnv::find().ok().flatten();
    databases
        .iter()
        .filter_map(|(_, url)| expand_env_for(url, dotenv.as_ref(), "").ok())
        .collect()
}

/// The value of `DATABASE_URL` in the nearest `.env`, for the secrets to scrub (errors ignored:
/// resolution reports them).
pub(crate) fn dotenv_database_url() -> Option<String> {
    DotEnv::find()
        .ok()
        .flatten()
        .and_then(|d| d.get(contract::ENV_DATABASE_URL).map(str::to_string))
}

/// Expands `${NAME}` in `[package.metadata.migrate] database-url` from the environment, then a
/// `.env` file, so that a team whose `.env` holds `POSTGRES_USER`, `POSTGRES_PASSWORD`,
/// `POSTGRES_HOST`… (seed 002) can write
/// `database-url = "postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@${POSTGRES_HOST}/app"`.
fn expand_env(template: &str, dotenv: Option<&DotEnv>) -> Result<String> {
    expand_env_for(
        template,
        dotenv,
        "database-url in [package.metadata.migrate]",
    )
}

/// [`expand_env`] of the value `what` names in messages.
fn expand_env_for(template: &str, dotenv: Option<&DotEnv>, what: &str) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(Error::Config(format!(
                "{what} has an unclosed `${{`: write ${{NAME}}"
            )));
        };
        let name = &after[..end];
        let value = std::env::var(name)
            .ok()
            .or_else(|| dotenv.and_then(|d| d.get(name)).map(str::to_string))
            .ok_or_else(|| {
                Error::Config(format!(
                    "{what} uses ${{{name}}}, which is set neither in the environment nor in a .env file: set it, or pass --database-url"
                ))
            })?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A relative SQLite path in `[package.metadata.migrate]` is relative to the migrations crate,
/// like every other path in a Cargo.toml.
fn anchor_sqlite_path(url: &str, manifest_dir: &str) -> String {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return url.to_string();
    };
    let rest_no_slashes = rest.strip_prefix("//").unwrap_or(rest);
    if rest_no_slashes.starts_with('/') || rest_no_slashes.starts_with(":memory:") {
        return url.to_string();
    }
    let dir = std::path::Path::new(manifest_dir);
    if !dir.is_dir() {
        return url.to_string();
    }
    format!(
        "sqlite:{}/{}",
        manifest_dir.trim_end_matches('/'),
        rest_no_slashes
    )
}

pub use migrate_graph::secrets::redact_url;

/// How to percent-encode a password, for messages.
const PERCENT_ENCODE: &str = "percent-encode it: `/` is %2F, `#` %23, `?` %3F, `@` %40, `:` %3A, `%` %25 (e.g. python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=\"\"))' 'the password')";

/// Refuses a URL that cannot work, before anything connects, saying what to change; returns
/// the URL to connect with.
fn validate_url(url: &str, source: &UrlSource) -> Result<String> {
    let shown = redact_url(url);
    let bad = |what: String| Error::Config(format!("{what} (from {source})"));
    let scheme = url.split(':').next().unwrap_or_default();
    if let Some(suggestion) = other_tools_form(url) {
        return Err(bad(format!(
            "the database URL {shown} is in another tool's form (`{scheme}://` names a Python driver); write {} instead",
            redact_url(&suggestion)
        )));
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(url.to_string());
    };
    if !matches!(scheme, "postgres" | "postgresql" | "mysql" | "mariadb") {
        return Ok(url.to_string());
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let userinfo_end = migrate_graph::secrets::userinfo_end(rest);
    if let Some(at) = userinfo_end {
        let unescaped = if at > authority_end {
            rest[authority_end..].chars().next()
        } else {
            rest[..at]
                .split_once(':')
                .and_then(|(_, pw)| pw.contains('@').then_some('@'))
        };
        if let Some(c) = unescaped {
            return Err(bad(format!(
                "the password in the database URL {shown} holds an unescaped `{c}`, which a URL reads as the end of the host part: {PERCENT_ENCODE}"
            )));
        }
    }
    let host_start = userinfo_end.map_or(0, |at| at + 1);
    let host_end = rest[host_start..]
        .find(['/', '?', '#'])
        .map_or(rest.len(), |i| host_start + i);
    let host_port = &rest[host_start..host_end];
    let (host, port) = match host_port.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((address, tail)) => (address, tail.strip_prefix(':')),
            None => {
                return Err(bad(format!(
                    "the database URL {shown} opens an IPv6 address with `[` and never closes it: write e.g. {scheme}://user@[::1]:5432/app"
                )));
            }
        },
        None => match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        let default = if scheme.starts_with("postgres") {
            "PostgreSQL listens on 5432"
        } else {
            "MySQL and MariaDB listen on 3306"
        };
        match port.parse::<u32>() {
            Ok(1..=65535) => {}
            Ok(_) => {
                return Err(bad(format!(
                    "the port {port} in the database URL {shown} is out of range: a port is 1 to 65535 ({default})"
                )));
            }
            Err(_) => {
                return Err(bad(format!(
                    "the port {port:?} in the database URL {shown} is not a number: write host:port with a port from 1 to 65535 ({default})"
                )));
            }
        }
    }
    let database = rest[host_end..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    if matches!(scheme, "mysql" | "mariadb") && database.is_empty() {
        return Err(bad(format!(
            "the database URL {shown} names no database: add it after the host, e.g. {scheme}://user@host:3306/app"
        )));
    }
    if host_port.starts_with('[') {
        if matches!(scheme, "mysql" | "mariadb") {
            return Err(bad(format!(
                "the database URL {shown} names the IPv6 address [{host}], which the MySQL driver (sqlx) cannot connect to as written: use a host name that resolves to it (an /etc/hosts entry such as `{host} db6`, then {scheme}://…@db6/…)"
            )));
        }
        // sqlx hands the bracketed host to the resolver ("failed to lookup address"); its
        // `host` parameter takes the bare address.
        let separator = if url.contains('?') { '&' } else { '?' };
        return Ok(format!("{url}{separator}host={host}"));
    }
    Ok(url.to_string())
}

/// The URL to write instead of another tool's form: SQLAlchemy's `postgresql+asyncpg://`,
/// `mysql+pymysql://`, `sqlite+aiosqlite:///app.db`, JDBC's `jdbc:postgresql://`.
fn other_tools_form(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    if scheme.eq_ignore_ascii_case("jdbc") {
        return Some(rest.to_string());
    }
    let (base, _driver) = scheme.split_once('+')?;
    match base {
        // SQLAlchemy's sqlite:///app.db is relative, sqlite:////abs/app.db absolute.
        "sqlite" => Some(format!(
            "sqlite:{}",
            rest.strip_prefix("///").unwrap_or(rest)
        )),
        "postgres" | "postgresql" | "mysql" | "mariadb" => Some(format!("{base}:{rest}")),
        _ => None,
    }
}

/// A PostgreSQL URL naming this machine (`localhost`, `127.0.0.1`, `[::1]`) with no `sslmode`
/// in it or in `PGSSLMODE`, with `sslmode=disable` added: what the default (`prefer`: TLS when
/// the server offers it, unverified, else plain) may use, since the traffic never leaves the
/// machine. `None` for anything else.
pub(crate) fn local_plain_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))?;
    if std::env::var_os("PGSSLMODE").is_some() {
        return None;
    }
    let (authority, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let configured = |kv: &str| {
        ["sslmode=", "ssl-mode=", "host=", "sslrootcert="]
            .iter()
            .any(|key| kv.starts_with(key))
    };
    if query.is_some_and(|q| q.split('&').any(configured)) {
        return None;
    }
    let authority = authority.split('/').next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    if !matches!(host, "localhost" | "127.0.0.1" | "::1") {
        return None;
    }
    let separator = if query.is_some() { '&' } else { '?' };
    Some(format!("{url}{separator}sslmode=disable"))
}

/// Connects to `url`, on this machine without an sslmode plain first ([`local_plain_url`]: TLS
/// costs ~100 ms of a 10 ms no-op) and as given (TLS preferred) when the server refuses that.
/// Returns the URL that connected, for connections opened after this one, and the connection.
pub(crate) async fn connect_plain_first<C: sqlx::Connection>(
    url: &str,
) -> std::result::Result<(String, C), sqlx::Error> {
    if let Some(plain) = local_plain_url(url)
        && let Ok(conn) = C::connect(&plain).await
    {
        return Ok((plain, conn));
    }
    Ok((url.to_string(), C::connect(url).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str) -> Result<String> {
        validate_url(url, &UrlSource::Environment)
    }

    fn refusal(url: &str) -> String {
        check(url).unwrap_err().to_string()
    }

    #[test]
    fn urls_say_what_to_change() {
        let port = refusal("postgres://u:s3cret@h:99999/app");
        assert_eq!(
            port,
            "the port 99999 in the database URL postgres://u:***@h:99999/app is out of range: a port is 1 to 65535 (PostgreSQL listens on 5432) (from DATABASE_URL)"
        );
        assert!(refusal("mysql://u@h:33o6/app").contains("is not a number"));
        for (url, c) in [
            ("postgres://u:pa/ss@h/app", '/'),
            ("postgres://u:pa#ss@h/app", '#'),
            ("postgres://u:pa?ss@h/app", '?'),
            ("mysql://u:pa@ss@h/app", '@'),
        ] {
            let text = refusal(url);
            assert!(
                text.contains(&format!("holds an unescaped `{c}`"))
                    && text.contains("percent-encode it")
                    && text.contains("%2F")
                    && !text.contains("pa/ss")
                    && !text.contains("ss@h"),
                "{url}: {text}"
            );
        }
        assert!(check("postgres://u:pa%2Fss@h:5432/app").is_ok());
        let asyncpg = refusal("postgresql+asyncpg://u:s3cret@db/app");
        assert!(
            asyncpg.contains("write postgresql://u:***@db/app instead")
                && !asyncpg.contains("s3cret"),
            "{asyncpg}"
        );
        assert!(refusal("mysql+pymysql://root@h/app").contains("write mysql://root@h/app instead"));
        assert!(
            refusal("postgresql+psycopg2://h/app").contains("write postgresql://h/app instead")
        );
        assert!(refusal("sqlite+aiosqlite:///app.db").contains("write sqlite:app.db instead"));
        assert!(refusal("jdbc:postgresql://h/app").contains("write postgresql://h/app instead"));
        assert_eq!(
            check("postgres://u@[::1]:5432/app").unwrap(),
            "postgres://u@[::1]:5432/app?host=::1"
        );
        assert_eq!(
            check("postgres://u@[::1]/app?sslmode=disable").unwrap(),
            "postgres://u@[::1]/app?sslmode=disable&host=::1"
        );
        assert!(refusal("mysql://root@[::1]:3306/app").contains("/etc/hosts"));
    }

    #[test]
    fn metadata_urls_expand_variables() {
        // SAFETY: tests in this module do not read these variables concurrently.
        unsafe {
            std::env::set_var("MIGRATE_TEST_EXPAND_USER", "app");
            std::env::set_var("MIGRATE_TEST_EXPAND_HOST", "db.internal");
        }
        assert_eq!(
            expand_env(
                "postgres://${MIGRATE_TEST_EXPAND_USER}@${MIGRATE_TEST_EXPAND_HOST}/x",
                None
            )
            .unwrap(),
            "postgres://app@db.internal/x"
        );
        assert_eq!(
            expand_env("sqlite:plain.db", None).unwrap(),
            "sqlite:plain.db"
        );
        let missing = expand_env("postgres://${MIGRATE_TEST_EXPAND_NOPE}@h/x", None).unwrap_err();
        assert!(
            missing.to_string().contains("${MIGRATE_TEST_EXPAND_NOPE}"),
            "{missing}"
        );
        assert!(expand_env("postgres://${OOPS@h", None).is_err());
    }

    #[test]
    fn a_mysql_url_needs_a_database() {
        assert!(check("mysql://root:pw@127.0.0.1:3306").is_err());
        assert!(check("mysql://root@h/").is_err());
        assert!(check("mariadb://root@h:3306/app?ssl-mode=disabled").is_ok());
        assert!(check("postgres://h").is_ok());
        let error = check("mysql://root:s3cret@h").unwrap_err().to_string();
        assert!(!error.contains("s3cret"), "{error}");
    }

    #[test]
    fn metadata_sqlite_paths_are_relative_to_the_crate() {
        let dir = env!("CARGO_MANIFEST_DIR");
        assert_eq!(
            anchor_sqlite_path("sqlite:blog.db?mode=rwc", dir),
            format!("sqlite:{dir}/blog.db?mode=rwc")
        );
        assert_eq!(anchor_sqlite_path("sqlite:/abs.db", dir), "sqlite:/abs.db");
        assert_eq!(
            anchor_sqlite_path("sqlite::memory:", dir),
            "sqlite::memory:"
        );
        assert_eq!(
            anchor_sqlite_path("postgres://h/db", dir),
            "postgres://h/db"
        );
    }

    #[test]
    fn only_local_postgres_without_sslmode_goes_plain() {
        assert_eq!(
            super::local_plain_url("postgres://app:pw@127.0.0.1:5432/app").as_deref(),
            Some("postgres://app:pw@127.0.0.1:5432/app?sslmode=disable")
        );
        assert_eq!(
            super::local_plain_url("postgresql://localhost/app?application_name=x").as_deref(),
            Some("postgresql://localhost/app?application_name=x&sslmode=disable")
        );
        for url in [
            "postgres://app@db.example.com/app",
            "postgres://app@127.0.0.1/app?sslmode=require",
            "postgres://u@[::1]/app?sslmode=disable&host=::1",
            "mysql://root@127.0.0.1/app",
            "sqlite:app.db",
        ] {
            assert_eq!(super::local_plain_url(url), None, "{url}");
        }
    }
}
