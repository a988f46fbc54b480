//! The version table, compatible with Alembic's: `version_num VARCHAR(32)` primary key, one row
//! per applied head.

use migrate_graph::VersionOp;
use sea_query::{
    Alias, ColumnDef, Expr, ExprTrait, Func, Order, Query, SelectStatement, Table, TableRef,
    UnionType,
};

use crate::backend::Dialect;
use crate::config::Config;
use crate::error::Result;

/// The column Alembic names.
pub(crate) const COLUMN: &str = "version_num";

/// The version table of one database.
pub(crate) struct VersionTable {
    dialect: Dialect,
    name: String,
    schema: Option<String>,
}

impl VersionTable {
    pub(crate) fn new(dialect: Dialect, config: &Config) -> Self {
        VersionTable {
            dialect,
            name: config.version_table.clone(),
            schema: config.version_table_schema.clone(),
        }
    }

    /// The table's name as messages show it.
    pub(crate) fn display_name(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{schema}.{}", self.name),
            None => self.name.clone(),
        }
    }

    /// The PostgreSQL advisory-lock key that guards this version table: runs on the same table
    /// exclude each other step by step, runs on different tables (one per tenant schema, or two
    /// applications in one database) do not wait for each other. The default table
    /// (`alembic_version`, no schema) keeps [`lock::PG_LOCK_KEY`], the key of earlier releases,
    /// so that an older runner and this one still exclude each other there.
    ///
    /// [`lock::PG_LOCK_KEY`]: crate::backend::lock::PG_LOCK_KEY
    pub(crate) fn pg_lock_key(&self) -> i64 {
        use crate::backend::lock::PG_LOCK_KEY;
        if self.schema.is_none() && self.name == crate::config::DEFAULT_VERSION_TABLE {
            return PG_LOCK_KEY;
        }
        let schema = self.schema.as_deref().unwrap_or("");
        let hash = migrate_graph::scan::fingerprint([(schema, self.name.as_str())]);
        let key = u64::from_str_radix(&hash, 16).map_or(PG_LOCK_KEY, |h| h as i64);
        if key == PG_LOCK_KEY { key ^ 1 } else { key }
    }

    fn table_ref(&self) -> TableRef {
        match &self.schema {
            Some(schema) => (Alias::new(schema), Alias::new(&self.name)).into(),
            None => Alias::new(&self.name).into(),
        }
    }

    /// `CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL,
    /// CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`.
    pub(crate) fn create_sql(&self) -> Result<String> {
        let statement = Table::create()
            .table(self.table_ref())
            .if_not_exists()
            .col(ColumnDef::new(Alias::new(COLUMN)).string_len(32).not_null())
            .primary_key(
                sea_query::Index::create()
                    .name(format!("{}_pkc", self.name))
                    .col(Alias::new(COLUMN)),
            )
            .to_owned();
        self.dialect.schema_sql(&statement)
    }

    /// `SELECT version_num FROM alembic_version`.
    pub(crate) fn select_sql(&self) -> Result<String> {
        let statement = Query::select()
            .column(Alias::new(COLUMN))
            .from(self.table_ref())
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    fn log_ref(&self) -> TableRef {
        let name = Alias::new(self.log_name());
        match &self.schema {
            Some(schema) => (Alias::new(schema), name).into(),
            None => name.into(),
        }
    }

    /// The event log's name: the version table's, with `_log`.
    pub(crate) fn log_name(&self) -> String {
        format!("{}_log", self.name)
    }

    /// `CREATE SCHEMA IF NOT EXISTS` for a configured schema (PostgreSQL).
    pub(crate) fn create_schema_sql(&self) -> Option<String> {
        let schema = self.schema.as_ref()?;
        self.dialect
            .has_schemas()
            .then(|| format!("CREATE SCHEMA IF NOT EXISTS {}", self.dialect.quote(schema)))
    }

    /// The event log: one row per upgrade, downgrade and stamp step.
    pub(crate) fn create_log_sql(&self) -> Result<String> {
        let col = |name: &str| ColumnDef::new(Alias::new(name));
        let statement = Table::create()
            .table(self.log_ref())
            .if_not_exists()
            .col(
                col("id")
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(col("revision").string_len(32).not_null())
            .col(col("direction").string_len(16).not_null())
            .col(col("checksum").string_len(32).not_null())
            .col(
                col("started_at")
                    .timestamp()
                    .not_null()
                    .default(Expr::current_timestamp()),
            )
            .col(col("duration_ms").big_integer().not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("error").text().null())
            .col(col("tool_version").string_len(32).not_null())
            .to_owned();
        self.dialect.schema_sql(&statement)
    }

    /// Appends one event.
    pub(crate) fn insert_event_sql(&self, event: &Event<'_>) -> Result<String> {
        let statement = Query::insert()
            .into_table(self.log_ref())
            .columns(
                [
                    "revision",
                    "direction",
                    "checksum",
                    "duration_ms",
                    "status",
                    "error",
                    "tool_version",
                ]
                .map(Alias::new),
            )
            .values_panic([
                event.revision.into(),
                event.direction.into(),
                event.checksum.into(),
                match event
                    .batch_sent_ms
                    .and_then(|sent| self.dialect.batch_elapsed_ms_sql(sent))
                {
                    Some(elapsed) => Expr::cust(format!("{} + {elapsed}", event.duration_ms)),
                    None => event.duration_ms.into(),
                },
                event.status.into(),
                event.error.map(str::to_string).into(),
                env!("CARGO_PKG_VERSION").into(),
            ])
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// Appends one event and returns its id (`RETURNING id`, where the database has it; on
    /// MySQL the caller reads the connection's last insert id).
    pub(crate) fn insert_event_returning_sql(&self, event: &Event<'_>) -> Result<String> {
        if self.dialect.returns_inserted_rows() {
            Ok(format!("{} RETURNING id", self.insert_event_sql(event)?))
        } else {
            self.insert_event_sql(event)
        }
    }

    /// Closes the `running` event `id` with its outcome. Always by id: concurrent runners
    /// never touch each other's rows.
    pub(crate) fn finish_event_sql(
        &self,
        id: i64,
        status: &str,
        duration_ms: i64,
        error: Option<&str>,
    ) -> Result<String> {
        let statement = Query::update()
            .table(self.log_ref())
            .value(Alias::new("status"), status)
            .value(Alias::new("duration_ms"), duration_ms)
            .value(Alias::new("error"), error.map(str::to_string))
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// The lock table's name: the version table's, with `_lock`.
    pub(crate) fn lock_name(&self) -> String {
        format!("{}_lock", self.name)
    }

    fn lock_ref(&self) -> TableRef {
        let name = Alias::new(self.lock_name());
        match &self.schema {
            Some(schema) => (Alias::new(schema), name).into(),
            None => name.into(),
        }
    }

    /// True when this database locks with its lock table (every server; SQLite locks a file).
    /// Every database has the table: it also holds the checksum checkpoint.
    pub(crate) fn has_lock_table(&self) -> bool {
        !self.dialect.is_file()
    }

    /// The lock table: one row per held lock (`run`), with its holder and the database-clock
    /// time (ms) at which it expires without a heartbeat; and the checksum checkpoint
    /// (`checksums`, see [`VersionTable::checkpoint_sql`]).
    pub(crate) fn create_lock_sql(&self) -> Result<String> {
        let col = |name: &str| ColumnDef::new(Alias::new(name));
        let statement = Table::create()
            .table(self.lock_ref())
            .if_not_exists()
            .col(col("name").string_len(32).not_null().primary_key())
            .col(col("holder").string_len(255).not_null())
            .col(col("expires_at").big_integer().not_null())
            .to_owned();
        self.dialect.schema_sql(&statement)
    }

    fn lock_row() -> Expr {
        Expr::col(Alias::new("name")).eq(crate::backend::lock::run_row())
    }

    fn expiry(&self, lease_ms: i64) -> Expr {
        Expr::cust(format!("{} + {lease_ms}", self.dialect.now_ms_sql()))
    }

    /// Deletes the lock row when its lease has expired (its holder died).
    pub(crate) fn expire_lock_sql(&self) -> String {
        let statement = Query::delete()
            .from_table(self.lock_ref())
            .and_where(Self::lock_row())
            .and_where(
                Expr::col(Alias::new("expires_at")).lt(Expr::cust(self.dialect.now_ms_sql())),
            )
            .to_owned();
        self.dialect.query_sql(&statement).unwrap_or_default()
    }

    /// Inserts the lock row for `holder`; a duplicate key means someone else holds it.
    pub(crate) fn claim_lock_sql(&self, holder: &str, lease_ms: i64) -> String {
        let statement = Query::insert()
            .into_table(self.lock_ref())
            .columns(["name", "holder", "expires_at"].map(Alias::new))
            .values_panic([
                crate::backend::lock::run_row().into(),
                holder.into(),
                self.expiry(lease_ms),
            ])
            .to_owned();
        self.dialect.query_sql(&statement).unwrap_or_default()
    }

    /// Renews `holder`'s lease (one row changed, or the lock was lost).
    pub(crate) fn renew_lock_sql(&self, holder: &str, lease_ms: i64) -> String {
        let statement = Query::update()
            .table(self.lock_ref())
            .value(Alias::new("expires_at"), self.expiry(lease_ms))
            .and_where(Self::lock_row())
            .and_where(Expr::col(Alias::new("holder")).eq(holder))
            .to_owned();
        self.dialect.query_sql(&statement).unwrap_or_default()
    }

    /// Deletes `holder`'s row (one row changed, or it was not `holder`'s any more).
    pub(crate) fn release_lock_sql(&self, holder: &str) -> String {
        let statement = Query::delete()
            .from_table(self.lock_ref())
            .and_where(Self::lock_row())
            .and_where(Expr::col(Alias::new("holder")).eq(holder))
            .to_owned();
        self.dialect.query_sql(&statement).unwrap_or_default()
    }

    /// Who holds the lock row.
    pub(crate) fn lock_holder_sql(&self) -> String {
        let statement = Query::select()
            .column(Alias::new("holder"))
            .from(self.lock_ref())
            .and_where(Self::lock_row())
            .to_owned();
        self.dialect.query_sql(&statement).unwrap_or_default()
    }

    /// What a step checks inside its transaction, in one statement: the version table's rows
    /// as `('v', version_num)`, and the lock row as `('l', holder)` while its lease runs or
    /// `('x', holder)` once it expired.
    pub(crate) fn state_sql(&self) -> Result<String> {
        let mut statement: SelectStatement = Query::select()
            .expr(Expr::val("v"))
            .column(Alias::new(COLUMN))
            .from(self.table_ref())
            .to_owned();
        if self.has_lock_table() {
            let live =
                Expr::col(Alias::new("expires_at")).gt(Expr::cust(self.dialect.now_ms_sql()));
            statement.union(
                UnionType::All,
                Query::select()
                    .expr(Expr::case(live, "l").finally("x"))
                    .column(Alias::new("holder"))
                    .from(self.lock_ref())
                    .and_where(Self::lock_row())
                    .to_owned(),
            );
        }
        self.dialect.query_sql(&statement)
    }

    /// The events that leave a database half-applied: `running` or `failed` on a database
    /// without transactional DDL.
    pub(crate) fn unresolved_sql(&self) -> Result<String> {
        let statement = Query::select()
            .columns(["revision", "direction", "status"].map(Alias::new))
            .from(self.log_ref())
            .and_where(Expr::col(Alias::new("status")).is_in([STATUS_RUNNING, STATUS_FAILED]))
            .order_by(Alias::new("id"), Order::Asc)
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// The qualified, quoted name of the event log, for hand-written reads.
    pub(crate) fn log_sql_name(&self) -> String {
        let name = self.dialect.quote(&self.log_name());
        match &self.schema {
            Some(schema) => format!("{}.{name}", self.dialect.quote(schema)),
            None => name,
        }
    }

    /// The most recent `limit` events, newest first, every column as text.
    pub(crate) fn events_sql(&self, limit: u64) -> String {
        let text = self.dialect.text_type();
        format!(
            "SELECT CAST(id AS {text}), revision, direction, checksum, CAST(started_at AS {text}), \
             CAST(duration_ms AS {text}), status, error, tool_version FROM {} ORDER BY id DESC LIMIT {limit}",
            self.log_sql_name()
        )
    }

    /// The audit's read, in one statement so that its parts are one snapshot of the log:
    /// `('r', revision, checksum)` for the checksum recorded by the last successful upgrade or
    /// stamp of each revision (one row per revision however often it ran, the latest picked by
    /// the database, `MAX(id)` grouped by revision), then `('m', last event id, '')` and
    /// `('u', number of unresolved events, '')`.
    pub(crate) fn audit_sql(&self) -> Result<String> {
        let text = Alias::new(self.dialect.text_type());
        let latest = Query::select()
            .expr(Func::max(Expr::col(Alias::new("id"))))
            .from(self.log_ref())
            .and_where(Expr::col(Alias::new("status")).eq(STATUS_SUCCESS))
            .and_where(Expr::col(Alias::new("direction")).is_in(["upgrade", "stamp"]))
            .group_by_col(Alias::new("revision"))
            .to_owned();
        let mut statement = Query::select()
            .expr(Expr::val("r"))
            .columns(["revision", "checksum"].map(Alias::new))
            .from(self.log_ref())
            .and_where(Expr::col(Alias::new("id")).in_subquery(latest))
            .to_owned();
        let summary = |kind: &str, value: Expr| {
            Query::select()
                .expr(Expr::val(kind))
                .expr(Func::cast_as(value, text.clone()))
                .expr(Expr::val(""))
                .from(self.log_ref())
                .to_owned()
        };
        let mut unresolved = summary("u", Func::count(Expr::col(Alias::new("id"))).into());
        unresolved
            .and_where(Expr::col(Alias::new("status")).is_in([STATUS_RUNNING, STATUS_FAILED]));
        statement.union(
            UnionType::All,
            summary("m", Func::max(Expr::col(Alias::new("id"))).into()),
        );
        statement.union(UnionType::All, unresolved);
        self.dialect.query_sql(&statement)
    }

    /// The checksum checkpoint against the log, in one row: the log's last event id, and the
    /// checkpoint's fingerprint and mark (no row without a checkpoint). The checkpoint is a row
    /// of the lock table (`name = 'checksums'`, the fingerprint in `holder`, the mark in
    /// `expires_at`) written by a clean audit: at the log's event `mark`, every revision of the
    /// applied set the fingerprint names had its code's checksum recorded, and no event was
    /// unresolved. While the log's last event is still `mark`, that still holds, so a start-up
    /// at head reads this one row instead of a row per applied revision.
    pub(crate) fn checkpoint_sql(&self) -> Result<String> {
        let last = Query::select()
            .expr(Func::max(Expr::col(Alias::new("id"))))
            .from(self.log_ref())
            .to_owned();
        let statement = Query::select()
            .expr(Expr::SubQuery(None, Box::new(last.into())))
            .columns(["holder", "expires_at"].map(Alias::new))
            .from(self.lock_ref())
            .and_where(Expr::col(Alias::new("name")).eq(CHECKPOINT))
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// Writes the checksum checkpoint (see [`VersionTable::checkpoint_sql`]): `fingerprint`
    /// at the log's event `mark`.
    pub(crate) fn write_checkpoint_sql(&self, fingerprint: &str, mark: i64) -> Result<String> {
        let statement = Query::insert()
            .into_table(self.lock_ref())
            .columns(["name", "holder", "expires_at"].map(Alias::new))
            .values_panic([CHECKPOINT.into(), fingerprint.into(), mark.into()])
            .on_conflict(
                sea_query::OnConflict::column(Alias::new("name"))
                    .update_columns(["holder", "expires_at"].map(Alias::new))
                    .to_owned(),
            )
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// Marks every unresolved event resolved (what `stamp` does).
    pub(crate) fn resolve_sql(&self) -> Result<String> {
        let statement = Query::update()
            .table(self.log_ref())
            .value(Alias::new("status"), STATUS_RESOLVED)
            .and_where(Expr::col(Alias::new("status")).is_in([STATUS_RUNNING, STATUS_FAILED]))
            .to_owned();
        self.dialect.query_sql(&statement)
    }

    /// The statement for one change of a plan step.
    pub(crate) fn op_sql(&self, op: &VersionOp) -> Result<String> {
        let column = || Alias::new(COLUMN);
        match op {
            VersionOp::Insert(id) => self.dialect.query_sql(
                &Query::insert()
                    .into_table(self.table_ref())
                    .columns([column()])
                    .values_panic([id.as_str().into()])
                    .to_owned(),
            ),
            VersionOp::Delete(id) => self.dialect.query_sql(
                &Query::delete()
                    .from_table(self.table_ref())
                    .and_where(Expr::col(column()).eq(id.as_str()))
                    .to_owned(),
            ),
            VersionOp::Update { from, to } => self.dialect.query_sql(
                &Query::update()
                    .table(self.table_ref())
                    .value(column(), to.as_str())
                    .and_where(Expr::col(column()).eq(from.as_str()))
                    .to_owned(),
            ),
        }
    }
}

/// An event still running (MySQL: recorded before a migration starts).
pub(crate) const STATUS_RUNNING: &str = "running";
/// A step that committed.
pub(crate) const STATUS_SUCCESS: &str = "success";
/// A step that failed.
pub(crate) const STATUS_FAILED: &str = "failed";
/// A step that failed inside its transaction, which was rolled back.
pub(crate) const STATUS_ROLLED_BACK: &str = "rolled back";
/// A half-applied step the user resolved with `stamp`.
pub(crate) const STATUS_RESOLVED: &str = "resolved";

/// The lock table's row that holds the checksum checkpoint ([`VersionTable::checkpoint_sql`]).
const CHECKPOINT: &str = "checksums";

/// One row of the event log.
pub(crate) struct Event<'a> {
    pub(crate) revision: &'a str,
    pub(crate) direction: &'a str,
    pub(crate) checksum: &'a str,
    pub(crate) duration_ms: i64,
    /// When the event ends a batch the runner sent (Unix time in ms when it was sent), the
    /// database adds the time the batch took to `duration_ms`.
    pub(crate) batch_sent_ms: Option<i64>,
    pub(crate) status: &'a str,
    pub(crate) error: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(dialect: Dialect) -> VersionTable {
        VersionTable {
            dialect,
            name: "alembic_version".into(),
            schema: None,
        }
    }

    #[test]
    fn each_version_table_has_its_own_lock_key() {
        let of = |schema: Option<&str>, name: &str| {
            VersionTable {
                dialect: Dialect::Postgres,
                name: name.into(),
                schema: schema.map(Into::into),
            }
            .pg_lock_key()
        };
        // The default table keeps the key of earlier releases: "cargo-mi", big-endian.
        assert_eq!(
            of(None, "alembic_version"),
            i64::from_be_bytes(*b"cargo-mi")
        );
        let keys = [
            of(None, "alembic_version"),
            of(Some("tenant_1"), "alembic_version"),
            of(Some("tenant_2"), "alembic_version"),
            of(None, "billing_version"),
            of(Some("tenant_1"), "billing_version"),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b, "{keys:?}");
            }
        }
        assert_eq!(of(Some("tenant_1"), "alembic_version"), keys[1], "stable");
    }

    #[test]
    fn alembic_compatible_sql() {
        let t = table(Dialect::Sqlite);
        assert_eq!(
            t.create_sql().unwrap(),
            r#"CREATE TABLE IF NOT EXISTS "alembic_version" ( "version_num" varchar(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num") )"#
        );
        assert_eq!(
            t.op_sql(&VersionOp::Update {
                from: "a1".into(),
                to: "b2".into()
            })
            .unwrap(),
            r#"UPDATE "alembic_version" SET "version_num" = 'b2' WHERE "version_num" = 'a1'"#
        );
        assert_eq!(
            table(Dialect::Mysql)
                .op_sql(&VersionOp::Insert("a1".into()))
                .unwrap(),
            "INSERT INTO `alembic_version` (`version_num`) VALUES ('a1')"
        );
        assert_eq!(
            table(Dialect::Postgres)
                .op_sql(&VersionOp::Delete("a1".into()))
                .unwrap(),
            r#"DELETE FROM "alembic_version" WHERE "version_num" = 'a1'"#
        );
    }
}
