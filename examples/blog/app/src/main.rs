//! The blog application: migrates its database at start-up (the revisions of
//! ../migrations/src/versions are embedded), then writes a user and a post and reads the posts
//! back. `DATABASE_URL` chooses the database (default: `blog.db` here, SQLite).

use blog::{Post, User};
use migrate_core::Migrator;
use migrate_core::models::Model;
use sqlx::SqlitePool;

migrate_core::include_versions!("../migrations/src/versions");

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:blog.db?mode=rwc".into());
    let pool = SqlitePool::connect(&url).await?;
    let report = Migrator::for_pool(MIGRATIONS, &pool)?
        .upgrade("heads")
        .await?;
    println!("migrated: {} revision(s) applied", report.steps.len());

    let (user, post) = (User::TABLE, Post::TABLE);
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO \"{user}\" (name, email) VALUES (?, ?) ON CONFLICT (email) DO NOTHING"
    )))
    .bind("Ada")
    .bind("ada@example.com")
    .execute(&pool)
    .await?;
    let (author_id,): (i32,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM \"{user}\" WHERE email = ?"
    )))
    .bind("ada@example.com")
    .fetch_one(&pool)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {post} (author_id, title, body) VALUES (?, ?, ?)"
    )))
    .bind(author_id)
    .bind("Hello")
    .bind("The first post.")
    .execute(&pool)
    .await?;
    let posts: Vec<(i32, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.title, u.name FROM {post} p JOIN \"{user}\" u ON u.id = p.author_id ORDER BY p.id"
    )))
    .fetch_all(&pool)
    .await?;
    println!("{} post(s)", posts.len());
    if let Some((id, title, name)) = posts.last() {
        println!("latest: #{id} {title:?} by {name}");
    }
    pool.close().await;
    Ok(())
}
