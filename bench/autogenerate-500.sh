#!/usr/bin/env bash
# Times autogenerate's plan + render (migrate-schema, pure, no database) on an N-table model
# (default 500): every table created from nothing, and one column added to each table.
# Usage: bench/autogenerate-500.sh [N] [RUNS]. Prints figures; asserts nothing.
set -euo pipefail
N=${1:-500}
RUNS=${2:-5}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
cargo build -q --release -p migrate-schema --example plan_bench
"$ROOT/target/release/examples/plan_bench" "$N" "$RUNS"
