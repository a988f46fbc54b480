//! SeaORM entities as models (feature `sea-orm`): an entity's table, as sea-orm itself would
//! create it (`sea_orm::Schema::create_table_from_entity` and `create_index_from_entity`),
//! read into the schema model.

use migrate_schema::{Action, Column, Dialect, ForeignKey, Index, PrimaryKey, Table, Unique};
use sea_orm::IdenStatic as _;
use sea_orm::{EntityTrait, Iterable, PrimaryKeyToColumn};

/// The table the SeaORM entity `E` declares on `dialect`, normalized: its columns (type,
/// nullability, default, auto-increment, comment), primary key, foreign keys (from its
/// relations), unique columns and indexes (and, on MySQL, the index it adds for a foreign
/// key). Feature `sea-orm`; sea-orm's default features stay off, so it brings neither a
/// second sqlx nor a second sea-query.
pub fn from_entity<E: EntityTrait + Default>(dialect: impl Into<Dialect>) -> crate::Result<Table> {
    let dialect = dialect.into();
    let backend = match dialect {
        Dialect::Postgres => sea_orm::DbBackend::Postgres,
        Dialect::Mysql => sea_orm::DbBackend::MySql,
        Dialect::Sqlite => sea_orm::DbBackend::Sqlite,
    };
    let schema = sea_orm::Schema::new(backend);
    let create = schema.create_table_from_entity(E::default());
    let runner = super::models::backend(dialect);
    let mut table = Table::new(E::default().table_name());
    for def in create.get_columns() {
        let spec = def.get_column_spec();
        let column_type = def
            .get_column_type()
            .map(|ty| super::models::type_sql(ty, dialect))
            .unwrap_or_default();
        let mut column = Column::new(def.get_column_name(), column_type);
        column.nullable = spec.nullable.unwrap_or(true) && !spec.primary_key;
        column.auto_increment = spec.auto_increment;
        column.comment = spec.comment.clone().filter(|_| dialect != Dialect::Sqlite);
        if let Some(default) = &spec.default {
            // sea-query writes an expression inside a statement only: `SELECT <expr>`.
            let select = sea_query::Query::select().expr(default.clone()).to_owned();
            let sql = runner.query_sql(&select)?;
            column.default = Some(sql.trim_start_matches("SELECT ").to_string());
        }
        if spec.unique {
            table.uniques.push(Unique {
                name: None,
                columns: vec![def.get_column_name()],
            });
        }
        table.columns.push(column);
    }
    let keys: Vec<String> = E::PrimaryKey::iter()
        .map(|key| key.into_column().as_str().to_string())
        .collect();
    if !keys.is_empty() {
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns: keys,
        });
    }
    for statement in create.get_foreign_key_create_stmts() {
        let fk = statement.get_foreign_key();
        table.foreign_keys.push(ForeignKey {
            name: fk.get_name().map(str::to_string),
            columns: fk.get_columns(),
            referenced_schema: None,
            referenced_table: fk
                .get_ref_table()
                .map(|t| t.sea_orm_table().inner().into_owned())
                .unwrap_or_default(),
            referenced_columns: fk.get_ref_columns(),
            on_delete: fk.get_on_delete().map(action).unwrap_or_default(),
            on_update: fk.get_on_update().map(action).unwrap_or_default(),
        });
    }
    for statement in schema.create_index_from_entity(E::default()) {
        let spec = statement.get_index_spec();
        let columns = spec.get_column_names();
        let parts: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut index = Index::on(spec.get_name().unwrap_or_default(), &parts);
        index.unique = statement.is_unique_key();
        table.indexes.push(index);
    }
    if dialect == Dialect::Mysql {
        super::models::mysql_foreign_key_indexes(&mut table);
    }
    Ok(table)
}

fn action(action: sea_query::ForeignKeyAction) -> Action {
    use sea_query::ForeignKeyAction as A;
    match action {
        A::Restrict => Action::Restrict,
        A::Cascade => Action::Cascade,
        A::SetNull => Action::SetNull,
        A::SetDefault => Action::SetDefault,
        _ => Action::NoAction,
    }
}
