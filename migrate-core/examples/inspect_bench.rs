//! Times live introspection (`migrate_core::inspect::inspect`) of the database at a URL:
//! `inspect_bench URL [RUNS] [--sea-schema]`. With `--sea-schema` (PostgreSQL), also times
//! sea-schema's own full discovery of the same schema, with a 60 s limit. Run by
//! bench/inspect-500.sh; prints figures, asserts nothing.

use std::time::{Duration, Instant};

use migrate_core::inspect::{Filter, inspect};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = args
        .first()
        .expect("usage: inspect_bench URL [RUNS] [--sea-schema]");
    let runs: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5);
    let sea = args.iter().any(|a| a == "--sea-schema");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let filter = Filter {
            internal: Filter::internal_tables("alembic_version"),
            ..Filter::default()
        };
        let mut times = Vec::new();
        let mut tables = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let schema = inspect(url, &filter).await.expect("inspect");
            times.push(started.elapsed());
            tables = schema.tables.len();
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{}: inspect of {tables} tables: min {:.0} ms, median {:.0} ms, max {:.0} ms ({runs} runs)",
            url.split(':').next().unwrap_or_default(),
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
        );
        if sea {
            let pool = sqlx::PgPool::connect(url).await.expect("connect");
            let discovery =
                sea_schema::postgres::discovery::SchemaDiscovery::new(pool.clone(), "public");
            let started = Instant::now();
            match tokio::time::timeout(Duration::from_secs(60), discovery.discover()).await {
                Ok(schema) => println!(
                    "postgres: sea-schema 0.18 discovery of {} tables: {:.0} ms",
                    schema.expect("discover").tables.len(),
                    ms(started.elapsed())
                ),
                Err(_) => println!(
                    "postgres: sea-schema 0.18 discovery did not finish in 60 s (stopped)"
                ),
            }
            pool.close().await;
        }
    });
}
