#!/usr/bin/env bash
# Times models declared in Rust at scale: a throwaway crate with N (default 500)
# #[derive(Model)] structs (6 columns: auto-increment key, varchar with a default, integer,
# text, a nullable self-reference with ON DELETE CASCADE; a CHECK, a UNIQUE, an index), its
# build (the derives), and at run time Models::registered() + schema(dialect) on each dialect
# + create_statements (debug build, whose dependencies the e2e tests keep warm). Usage: bench/models-500.sh [N] [RUNS]. Prints figures; asserts nothing.
set -euo pipefail
N=${1:-500}
RUNS=${2:-5}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="$ROOT/target/e2e"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
mkdir -p "$DIR/src"
cat > "$DIR/Cargo.toml" <<TOML
[package]
name = "models-bench"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
migrate-core = { path = "$ROOT/migrate-core" }
migrate-schema = { path = "$ROOT/migrate-schema" }

[workspace]
TOML
{
  printf 'use migrate_core::models::{Model, Models};\nuse migrate_schema::Dialect;\n\n'
  python3 "$ROOT/bench/models.py" "$N"
} > "$DIR/src/main.rs"
python3 - >> "$DIR/src/main.rs" <<'PY'
print('''fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    for _ in 0..runs {
        let started = std::time::Instant::now();
        let models = Models::registered().unwrap();
        let collected = started.elapsed();
        let mut tables = 0;
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            tables += models.schema(dialect).tables.len();
        }
        let schemas = started.elapsed();
        let statements = models.create_statements(Dialect::Postgres).unwrap().len();
        let all = started.elapsed();
        println!(
            "{} models: registered {:.1} ms, schema x3 dialects ({tables} tables) {:.1} ms, create_statements ({statements}) {:.1} ms",
            models.iter().count(),
            collected.as_secs_f64() * 1e3,
            (schemas - collected).as_secs_f64() * 1e3,
            (all - schemas).as_secs_f64() * 1e3,
        );
    }
}''')
PY
start=$(date +%s.%N)
cargo build -q --manifest-path "$DIR/Cargo.toml"
end=$(date +%s.%N)
echo "build of $N models (debug build, incl. deps not yet built): $(python3 -c "print(f'{$end-$start:.1f}')") s"
touch "$DIR/src/main.rs"
start=$(date +%s.%N)
cargo build -q --manifest-path "$DIR/Cargo.toml"
end=$(date +%s.%N)
echo "rebuild of the $N-model crate alone (debug build): $(python3 -c "print(f'{$end-$start:.1f}')") s"
"$CARGO_TARGET_DIR/debug/models-bench" "$RUNS"
