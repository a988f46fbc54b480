//! Models round trip on the three real databases: the SQL `Models::create_statements` builds
//! from the models runs on an empty database, introspection reads it back, and the result
//! equals `Models::schema` for that dialect (both normalized). Every supported column type,
//! nullability, defaults, keys, constraints, indexes (partial where supported) and enums.
#![allow(missing_docs)]

#[macro_use]
mod common;

use common::{Backend, rt};
use migrate_core::inspect::{Filter, inspect};
use migrate_core::models::{Model, ModelEnum, Models};
use migrate_schema::{Dialect, diff};

#[derive(ModelEnum)]
#[model(name = "account_state")]
pub enum State {
    Active,
    #[model(rename = "on hold")]
    OnHold,
    Closed,
}

#[derive(Model)]
#[model(comment = "who logs in", unique(columns = ["first", "last"], name = "uq_account_name"))]
pub struct Account {
    #[model(primary_key, auto_increment)]
    pub id: i64,
    #[model(max_length = 120, unique)]
    pub email: String,
    #[model(max_length = 40)]
    pub first: String,
    #[model(max_length = 40, comment = "family name")]
    pub last: String,
    #[model(default = "'active'")]
    pub state: State,
    pub previous: Option<State>,
    #[model(default = "true")]
    pub enabled: bool,
    pub small: i16,
    #[model(default = "7")]
    pub medium: Option<i32>,
    pub large: i64,
    pub ratio: f32,
    pub precise: Option<f64>,
    pub avatar: Option<Vec<u8>>,
    pub bio: Option<String>,
}

/// Every feature-gated type.
#[derive(Model)]
#[model(
    table = "event",
    index(columns = ["account_id", "at"], name = "ix_event_account_at"),
    index(columns = ["day"], where = "amount > 0"),
    check(name = "ck_event_amount", expr = "amount >= 0")
)]
pub struct Event {
    #[model(primary_key)]
    pub id: uuid::Uuid,
    #[model(references = "account.id", on_delete = "cascade")]
    pub account_id: i64,
    pub day: chrono::NaiveDate,
    pub clock: chrono::NaiveTime,
    pub at: chrono::NaiveDateTime,
    pub at_utc: Option<chrono::DateTime<chrono::Utc>>,
    pub t_day: time::Date,
    pub t_clock: Option<time::Time>,
    pub t_at: time::PrimitiveDateTime,
    pub t_at_offset: time::OffsetDateTime,
    pub payload: Option<serde_json::Value>,
    pub amount: rust_decimal::Decimal,
    #[model(column_type = "numeric(12,4)")]
    pub exact: Option<String>,
}

/// A composite key whose second column references with a named key.
#[derive(Model)]
pub struct EventTag {
    #[model(
        primary_key,
        references = "event.id",
        foreign_key_name = "fk_event_tag_event"
    )]
    pub event_id: uuid::Uuid,
    #[model(primary_key, max_length = 30, index)]
    pub tag: String,
    #[model(
        references = "account.id",
        on_delete = "set null",
        on_update = "cascade"
    )]
    pub added_by: Option<i64>,
}

fn round_trip(backend: Backend) {
    rt().block_on(async {
        let db = common::Database::new(backend, "models").await;
        let dialect = match backend {
            Backend::Postgres => Dialect::Postgres,
            Backend::Mysql => Dialect::Mysql,
            Backend::Sqlite => Dialect::Sqlite,
        };
        let models = Models::registered().unwrap();
        for statement in models.create_statements(dialect).unwrap() {
            common::execute(&db.url, &statement).await;
        }
        let filter = Filter {
            internal: Filter::internal_tables("alembic_version"),
            ..Filter::default()
        };
        let live = inspect(&db.url, &filter).await.unwrap();
        let declared = models.schema(dialect);
        let d = diff(&declared, &live);
        assert!(
            d.is_empty(),
            "models and database differ:\n{d}\nlive:\n{live}"
        );
        assert_eq!(declared, live);
        assert_eq!(declared.tables.len(), 3);
        assert_eq!(
            declared.enums.contains_key("account_state"),
            dialect == Dialect::Postgres
        );
        db.drop().await;
    });
}

per_backend!(round_trip);

#[test]
fn names() {
    assert_eq!(Event::TABLE, "event");
    assert_eq!(EventTag::TABLE, "event_tag");
    assert_eq!(State::LABELS, ["active", "on hold", "closed"]);
}
