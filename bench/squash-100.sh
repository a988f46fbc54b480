#!/usr/bin/env bash
# Times `cargo migrate squash` over a 100-revision range of typed operations (tables, columns,
# indexes) on SQLite: the crate is built first by `upgrade head`, so the squash times two
# replays by the migrations binary, the plan, the render and rustfmt; then a fresh database
# runs the squash. Usage: bench/squash-100.sh [N]. Prints figures; asserts nothing.
set -euo pipefail
N=${1:-100}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cargo build -q --manifest-path "$ROOT/Cargo.toml" -p cargo-migrate
WS=$(mktemp -d)
trap 'rm -rf "$WS"' EXIT
printf '[workspace]\nresolver = "3"\nmembers = []\n' > "$WS/Cargo.toml"
cp "$ROOT/Cargo.lock" "$WS/"
cd "$WS"
export CARGO_TARGET_DIR="$ROOT/target/e2e" NO_COLOR=1
CM=("$ROOT/target/debug/cargo-migrate" migrate)
"${CM[@]}" init --name bench_squash >/dev/null 2>&1
python3 - "$WS/bench_squash/src/versions" "$((N + 2))" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    rid, down = f"b{i:011d}", "None" if i == 0 else f'"b{i-1:011d}"'
    body = [
        f'op.create_table(Table::create().table(Alias::new("t{i}")).col(pk_auto(Alias::new("id"))).col(ColumnDef::new(Alias::new("c{i}")).string_len(40).null().to_owned())).await?;',
        f'op.add_column("t{i-1}", &mut ColumnDef::new(Alias::new("d{i}")).integer().not_null().default(0).to_owned()).await?;',
        f'op.create_index(&Index::create().name("ix{i}").table(Alias::new("t{i-2}")).col(Alias::new("d{i-1}")).to_owned()).await?;',
    ][i % 3]
    open(os.path.join(d, f"{rid}_bench_{i}.rs"), "w").write(
        f"//! bench {i}\n\nuse migrate_core::prelude::*;\n\n"
        f'#[migration(revision = "{rid}", down_revision = {down}, message = "bench {i}")]\n'
        f"pub struct Bench{i};\n\nimpl Migration for Bench{i} {{\n"
        f"    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{\n        {body}\n        Ok(())\n    }}\n}}\n")
PY
URL="sqlite:$WS/app.db?mode=rwc"
START=$(printf 'b%011d' 1)
END=$(printf 'b%011d' "$N")
/usr/bin/time -f "build + upgrade head ($((N + 2)) revisions): %e s" "${CM[@]}" --database-url "$URL" upgrade head 2>&1 | tail -1
/usr/bin/time -f "squash $START..$END ($N revisions, crate already built): %e s" "${CM[@]}" --database-url "$URL" squash "$START" "$END" -m squashed --no-rename 2>&1 | grep -E 'squash b|error'
wc -l bench_squash/src/versions/*squashed*.rs
/usr/bin/time -f "build + upgrade head of a fresh database (the squash and one revision): %e s" "${CM[@]}" --database-url "sqlite:$WS/fresh.db?mode=rwc" upgrade head 2>&1 | grep -E 'squashed \(|upgrade head|error'
