//! The blog's reference data, kept out of the migrations (seed 001's rule: no data in
//! `upgrade()`). It refuses to write unless the database is at the migrations' head, and it is
//! idempotent: run twice, it inserts nothing the second time.
//!
//! ```sh
//! cargo migrate upgrade head
//! DATABASE_URL=sqlite:examples/blog/migrations/blog.db cargo run -p blog-populate
//! ```

use migrate_core::Migrator;
use migrate_core::sea_query::{
    MysqlQueryBuilder, OnConflict, PostgresQueryBuilder, Query, SqliteQueryBuilder,
};

/// The users every blog database starts with: (name, email).
const USERS: [(&str, &str); 2] = [
    ("admin", "admin@example.invalid"),
    ("editor", "editor@example.invalid"),
];

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match populate().await {
        Ok(inserted) => {
            println!("inserted {inserted} of {} users", USERS.len());
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::from(error.exit_code())
        }
    }
}

/// Inserts the users that are missing; returns how many it inserted.
async fn populate() -> migrate_core::Result<u64> {
    let url = std::env::var("DATABASE_URL").map_err(|_| {
        migrate_core::Error::Config(
            "DATABASE_URL is not set: point it at the blog's database".into(),
        )
    })?;
    sqlx::any::install_default_drivers();
    let pool =
        sqlx::AnyPool::connect(&url)
            .await
            .map_err(|source| migrate_core::Error::Connect {
                url: migrate_core::redact_url(&url),
                source,
            })?;
    // Refuse to write into a schema older than the code's.
    Migrator::for_pool(blog_migrations::MIGRATIONS, &pool)?
        .ensure_at_head()
        .await?;

    let mut insert = Query::insert();
    insert
        .into_table("user")
        .columns(["name", "email"])
        .on_conflict(OnConflict::column("email").do_nothing().to_owned());
    for (name, email) in USERS {
        insert.values_panic([name.into(), email.into()]);
    }
    let sql = match pool.connect_options().database_url.scheme() {
        "postgres" | "postgresql" => insert.to_string(PostgresQueryBuilder),
        "mysql" | "mariadb" => insert.to_string(MysqlQueryBuilder),
        _ => insert.to_string(SqliteQueryBuilder),
    };
    let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
        .execute(&pool)
        .await
        .map_err(|source| migrate_core::Error::Sql { sql, source })?;
    pool.close().await;
    Ok(done.rows_affected())
}
