#!/usr/bin/env bash
# Measures `upgrade head` of N generated migrations on SQLite against the sqlite3 shell running
# the same SQL with one transaction per migration (the script `upgrade head --sql` prints).
# Usage: bench/apply-1000.sh [N] [RUNS]. Prints the figures; asserts nothing.
set -euo pipefail
N=${1:-1000}
RUNS=${2:-3}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/target/bench/apply-$N"
export CARGO_TARGET_DIR="$ROOT/target/e2e"
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 shell: apt-get install sqlite3" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK/migrations/src/versions"
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
cat > "$WORK/Cargo.toml" <<TOML
[workspace]
resolver = "3"
members = ["migrations"]
TOML
cat > "$WORK/migrations/Cargo.toml" <<TOML
[package]
name = "bench-migrations"
version = "0.1.0"
edition = "2024"
publish = false

[package.metadata.migrate]

[dependencies]
migrate-core = { path = "$ROOT/migrate-core" }
TOML
printf 'fn main() { println!("cargo::rerun-if-changed=src/versions"); }\n' > "$WORK/migrations/build.rs"
printf 'migrate_core::include_versions!("src/versions");\n' > "$WORK/migrations/src/lib.rs"
printf 'fn main() -> std::process::ExitCode { migrate_core::cli::main(bench_migrations::MIGRATIONS) }\n' > "$WORK/migrations/src/main.rs"
python3 - "$WORK/migrations/src/versions" "$N" <<'PY'
import sys
folder, n = sys.argv[1], int(sys.argv[2])
ids = [f"{i:012x}" for i in range(1, n + 1)]
for i, rev in enumerate(ids):
    down = "None" if i == 0 else f'"{ids[i-1]}"'
    open(f"{folder}/{rev}_m{i}.rs", "w").write(f'''use migrate_core::prelude::*;

#[migration(revision = "{rev}", down_revision = {down}, message = "m{i}")]
pub struct M{i};

impl Migration for M{i} {{
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
        op.create_table(Table::create().table("t{i}").col(pk_auto("id")).col(string("name"))).await?;
        op.create_index(Index::create().name("ix_t{i}_name").table("t{i}").col("name")).await
    }}

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
        op.drop_table(Table::drop().table("t{i}")).await
    }}
}}
''')
PY
echo "building $N migrations (release)…" >&2
start=$(date +%s.%N)
cargo build --release --quiet --manifest-path "$WORK/Cargo.toml" -p bench-migrations
end=$(date +%s.%N)
BIN="$CARGO_TARGET_DIR/release/bench-migrations"
printf 'build (release, incl. any dependency rebuild): %.2f s\n' "$(echo "$end - $start" | bc)"
# Compile-time cost in the dev profile (what `cargo migrate` builds): a clean build of the crate
# and a rebuild after editing one migration (every macro of the crate re-expands).
cargo build --quiet --manifest-path "$WORK/Cargo.toml" -p bench-migrations
touch "$WORK/migrations/src/lib.rs"
start=$(date +%s.%N)
cargo build --quiet --manifest-path "$WORK/Cargo.toml" -p bench-migrations
end=$(date +%s.%N)
printf 'dev build of the %d-migration crate (dependencies built): %.2f s\n' "$N" "$(echo "$end - $start" | bc)"
edit="$WORK/migrations/src/versions/$(printf '%012x' 1)_m0.rs"
sed -i 's/message = "m0"/message = "m0 edited"/' "$edit"
start=$(date +%s.%N)
cargo build --quiet --manifest-path "$WORK/Cargo.toml" -p bench-migrations
end=$(date +%s.%N)
printf 'dev rebuild after editing one migration: %.2f s\n' "$(echo "$end - $start" | bc)"

DB="$WORK/bench.db"
"$BIN" -q --database-url "sqlite:$DB?mode=rwc" upgrade head --sql > "$WORK/script.sql"
grep -c '^BEGIN' "$WORK/script.sql" | xargs printf 'script: %s transactions\n'

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ours=(); theirs=()
for _ in $(seq "$RUNS"); do
  rm -f "$DB"; s=$(date +%s.%N)
  "$BIN" -q --database-url "sqlite:$DB?mode=rwc" upgrade head
  e=$(date +%s.%N); ours+=("$(echo "$e - $s" | bc)")
  got=$(sqlite3 "$DB" "select count(*) from sqlite_master where type = 'table' and name not like 'sqlite_%'")
  [ "$got" -eq $((N + 2)) ] || { echo "expected $((N + 2)) tables (N, the version table, the event log) after upgrade head, found $got" >&2; exit 1; }
  rm -f "$DB"; s=$(date +%s.%N)
  sqlite3 "$DB" < "$WORK/script.sql"
  e=$(date +%s.%N); theirs+=("$(echo "$e - $s" | bc)")
done
o=$(printf '%s\n' "${ours[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
printf 'upgrade head, %d migrations, median of %d: cargo-migrate %.3f s, sqlite3 %.3f s, ratio %.2f\n' \
  "$N" "$RUNS" "$o" "$t" "$(echo "$o / $t" | bc -l)"
