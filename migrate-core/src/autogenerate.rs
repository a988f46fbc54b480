//! What autogenerate compares: the desired schema (the models) and the current one, printed
//! by the migrations binary's internal `autogenerate-schemas` command for `cargo migrate
//! revision --autogenerate`, and compared by `check`.

use migrate_schema::{Dialect as SchemaDialect, Schema};

use crate::config::Config;
use crate::error::{Error, Result};

/// A source of the desired schema, registered with [`inventory::submit!`]: the models
/// registry registers one; a test or a hand-written model can register its own.
///
/// ```ignore
/// migrate_core::inventory::submit! {
///     migrate_core::SchemaSource { name: "literal", schema: |dialect| Schema::new(dialect) }
/// }
/// ```
pub struct SchemaSource {
    /// What the schema comes from, for messages (`models`, `literal`).
    pub name: &'static str,
    /// The desired schema on a database of that dialect.
    pub schema: fn(SchemaDialect) -> Schema,
}

inventory::collect!(SchemaSource);

/// The desired schema on `dialect`, from the one registered [`SchemaSource`]; an error when
/// there is none or several.
pub fn desired(dialect: SchemaDialect) -> Result<(Schema, &'static str)> {
    let sources: Vec<&SchemaSource> = inventory::iter::<SchemaSource>.into_iter().collect();
    match sources.as_slice() {
        [one] => Ok(((one.schema)(dialect).normalized(), one.name)),
        // The models declared with #[derive(Model)] are the default source.
        [] => {
            let models =
                crate::models::Models::registered().map_err(|e| Error::Config(e.to_string()))?;
            if models.is_empty() {
                return Err(Error::Config(
                    "no models are registered in this migrations binary: declare them with #[derive(Model)] in a crate the migrations crate depends on (or register a migrate_core::SchemaSource)"
                        .into(),
                ));
            }
            Ok((models.schema(dialect).normalized(), "#[derive(Model)]"))
        }
        many => Err(Error::Config(format!(
            "{} schema sources are registered ({}); keep one",
            many.len(),
            many.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// The dialect of the configured database, in the schema model's terms.
pub(crate) fn dialect_of(config: &Config) -> Result<SchemaDialect> {
    Ok(match crate::Dialect::from_url(&config.database_url)? {
        crate::Dialect::Postgres => SchemaDialect::Postgres,
        crate::Dialect::Mysql => SchemaDialect::Mysql,
        crate::Dialect::Sqlite => SchemaDialect::Sqlite,
    })
}

/// Both schemas: the desired one and the live database's.
pub(crate) async fn schemas(
    config: &Config,
    filter: &crate::inspect::Filter,
) -> Result<(Schema, Schema, &'static str)> {
    let dialect = dialect_of(config)?;
    let (desired, source) = desired(dialect)?;
    let current = crate::inspect::inspect(&config.database_url, filter).await?;
    Ok((desired, current, source))
}

/// `autogenerate-schemas --against-db`: `{"source", "desired", "current"}` as JSON on stdout.
pub(crate) async fn print(config: &Config, filter: &crate::inspect::Filter) -> Result<u8> {
    let (desired, current, source) = schemas(config, filter).await?;
    let json = serde_json::json!({
        "source": source,
        "against": "database",
        "desired": desired,
        "current": current,
    });
    println!("{json}");
    Ok(migrate_graph::contract::exit::OK)
}

/// The current schema by default: the replay of the revisions up to head, in memory (the
/// empty schema before the first revision).
async fn replayed_head(migrations: crate::Migrations, config: Config) -> Result<Schema> {
    let dialect = dialect_of(&config)?;
    let registry = match migrations.registry() {
        Ok(registry) => registry,
        // The first revision of a project is generated from nothing.
        Err(Error::EmptyRegistry) => return Ok(Schema::new(dialect).normalized()),
        Err(error) => return Err(error),
    };
    let migrator = crate::Migrator::from_registry(registry, config)?;
    migrator.replay_heads().await
}

/// `autogenerate-schemas` (without `--against-db`): the models against the replay of head, as
/// JSON on stdout.
pub(crate) async fn print_against_head(
    migrations: crate::Migrations,
    config: Config,
) -> Result<u8> {
    let (desired, source) = desired(dialect_of(&config)?)?;
    let current = replayed_head(migrations, config).await?;
    let json = serde_json::json!({
        "source": source,
        "against": "head",
        "desired": desired,
        "current": current,
    });
    println!("{json}");
    Ok(migrate_graph::contract::exit::OK)
}

/// True when models (or a [`SchemaSource`]) are registered.
fn has_models() -> bool {
    inventory::iter::<SchemaSource>.into_iter().next().is_some()
        || crate::models::Models::registered().is_ok_and(|m| !m.is_empty())
}

/// The models' part of `check`, offline: the models against the replay of head. One line per
/// difference on stderr; `true` when there are none (or no models are registered).
pub(crate) async fn check_against_head(
    migrator: &crate::Migrator,
    shell: crate::status::Shell,
) -> Result<bool> {
    if !has_models() {
        return Ok(true);
    }
    let (desired, source) = desired(migrator.dialect().into())?;
    let current = migrator.replay_heads().await?;
    let diff = migrate_schema::diff(&desired, &current);
    if diff.is_empty() {
        shell.status(
            "Checked",
            &format!("the {source} match the revisions at head (replayed, no database read)"),
        );
        return Ok(true);
    }
    shell.error(&format!(
        "the {source} differ from the revisions at head (replayed, no database read); generate a revision with `cargo migrate revision --autogenerate -m \"…\"`:"
    ));
    eprint!("{diff}");
    Ok(false)
}
