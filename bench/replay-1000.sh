#!/usr/bin/env bash
# Times the in-memory replay of N generated revisions (default 1000) for each dialect, as
# `schema head` runs it (no database): every third revision creates a table with a key, a
# varchar and a foreign key to the previous table; the others add a column and an index
# (sea-query operations) or run raw SQL (parsed by the replay).
# Usage: bench/replay-1000.sh [N] [RUNS] [--release]. Prints figures; asserts nothing.
# COMMAND=lint times `lint` (every revision, offline) instead of `schema head`.
set -euo pipefail
N=${1:-1000}
RUNS=${2:-3}
PROFILE=${3:-}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/target/bench/replay-$N"
export CARGO_TARGET_DIR="$ROOT/target"

rm -rf "$WORK" && mkdir -p "$WORK/migrations/src/versions"
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
printf '[workspace]\nresolver = "3"\nmembers = ["migrations"]\n' > "$WORK/Cargo.toml"
cat > "$WORK/migrations/Cargo.toml" <<TOML
[package]
name = "bench-replay"
version = "0.1.0"
edition = "2024"
publish = false

[package.metadata.migrate]

[dependencies]
migrate-core = { path = "$ROOT/migrate-core" }
TOML
printf 'fn main() { println!("cargo::rerun-if-changed=src/versions"); }\n' > "$WORK/migrations/build.rs"
printf 'migrate_core::include_versions!("src/versions");\n' > "$WORK/migrations/src/lib.rs"
printf 'fn main() -> std::process::ExitCode { migrate_core::cli::main(bench_replay::MIGRATIONS) }\n' > "$WORK/migrations/src/main.rs"
python3 - "$WORK/migrations/src/versions" "$N" <<'PY'
import sys
folder, n = sys.argv[1], int(sys.argv[2])
ids = [f"{i:012x}" for i in range(1, n + 1)]
for i, rev in enumerate(ids):
    down = "None" if i == 0 else f'"{ids[i-1]}"'
    t = i // 3
    if i % 3 == 0:
        fk = "" if t == 0 else f'.col(integer_null("prev_id")).foreign_key(ForeignKey::create().name("fk_t{t}_prev").from("t{t}", "prev_id").to("t{t-1}", "id"))'
        body = f'op.create_table(Table::create().table("t{t}").col(pk_auto("id")).col(string("name")){fk}).await'
    elif i % 3 == 1:
        body = (f'op.add_column("t{t}", &mut integer_null("n{i}")).await?;\n        '
                f'op.create_index(Index::create().name("ix_t{t}_n{i}").table("t{t}").col("n{i}")).await')
    else:
        body = f'op.execute("ALTER TABLE t{t} ADD COLUMN raw{i} integer").await'
    open(f"{folder}/{rev}_m{i}.rs", "w").write(f'''use migrate_core::prelude::*;

#[migration(revision = "{rev}", down_revision = {down}, message = "m{i}")]
pub struct M{i};

impl Migration for M{i} {{
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
        {body}
    }}
}}
''')
PY
if [ "$PROFILE" = "--release" ]; then FLAG=--release; DIR=release; else FLAG=; DIR=debug; fi
echo "building $N migrations ($DIR)…" >&2
cargo build $FLAG --quiet --manifest-path "$WORK/Cargo.toml" -p bench-replay
BIN="$CARGO_TARGET_DIR/$DIR/bench-replay"
for dialect in sqlite postgres mysql; do
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # the command's words
    line=$(NO_COLOR=1 "$BIN" --dialect "$dialect" ${COMMAND:-schema head} 2>&1 >/dev/null | grep -E 'Replayed|Linted|lint failed' || true)
    end=$(date +%s.%N)
    printf '%s (%s build): %s; process wall %.3f s\n' "$dialect" "$DIR" "$(echo "$line" | sed 's/^ *//')" "$(echo "$end - $start" | bc)"
  done
done
