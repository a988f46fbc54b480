//! The populate program on a fresh SQLite database: it refuses an unmigrated database, then,
//! once the migrations ran, inserts the reference users once, however often it runs.

use std::process::Command;

fn populate(url: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_blog-populate"))
        .env("DATABASE_URL", url)
        .output()
        .expect("blog-populate runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn populates_once_and_only_at_head() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("blog.db").display());

    let (code, stdout, stderr) = populate(&url);
    assert_eq!(code, 8, "not at head is exit CHECK: {stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: the database is at <base> but the code's head is 27c6a30d7c24"),
        "{stderr}"
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let config =
            migrate_core::Config::resolve(&blog_migrations::MIGRATIONS, Some(&url)).unwrap();
        migrate_core::Migrator::new(blog_migrations::MIGRATIONS, config)
            .unwrap()
            .upgrade("heads")
            .await
            .unwrap();
    });

    assert_eq!(
        populate(&url),
        (0, "inserted 2 of 2 users\n".into(), String::new())
    );
    assert_eq!(
        populate(&url),
        (0, "inserted 0 of 2 users\n".into(), String::new())
    );

    let names: Vec<String> = rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT name FROM user ORDER BY name")
            .fetch_all(&pool)
            .await
            .unwrap()
    });
    assert_eq!(names, ["admin", "editor"]);
}
