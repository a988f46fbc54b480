#!/usr/bin/env bash
# Times live introspection of an N-table schema (default 500) on PostgreSQL and MariaDB: each
# table has 6 columns (serial key, varchar with a default, integer, timestamp with a default,
# a self-referencing foreign key), a CHECK, a UNIQUE and a partial (PostgreSQL) or plain index.
# Usage: bench/inspect-500.sh [N] [RUNS] [--sea-schema]. Prints figures; asserts nothing.
set -euo pipefail
N=${1:-500}
RUNS=${2:-5}
SEA=${3:-}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="$ROOT/target/e2e"
PG="${MIGRATE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
MY="${MIGRATE_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/mysql}"
cargo build -q --release -p migrate-core --example inspect_bench
BIN="$CARGO_TARGET_DIR/release/examples/inspect_bench"

gen() {
  python3 - "$N" "$1" <<'PY'
import sys
n, db = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    if db == "postgres":
        print(f"CREATE TABLE t{i} (id serial PRIMARY KEY, name varchar(100) NOT NULL DEFAULT 'x', "
              f"n integer, created timestamptz DEFAULT now(), parent integer REFERENCES t{i} (id) "
              f"ON DELETE CASCADE, note text, CHECK (n > 0), UNIQUE (name));")
        print(f"CREATE INDEX ix_t{i}_n ON t{i} (n) WHERE n IS NOT NULL;")
    else:
        print(f"CREATE TABLE t{i} (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL "
              f"DEFAULT 'x', n int, created timestamp NULL DEFAULT CURRENT_TIMESTAMP, parent int, "
              f"note text, CHECK (n > 0), UNIQUE (name), INDEX ix_t{i}_n (n), "
              f"FOREIGN KEY (parent) REFERENCES t{i} (id) ON DELETE CASCADE);")
PY
}

psql "$PG" -qc "DROP DATABASE IF EXISTS migrate_bench_inspect" -c "CREATE DATABASE migrate_bench_inspect" 2>/dev/null
PG_URL="${PG%/*}/migrate_bench_inspect"
gen postgres | psql "$PG_URL" -q >/dev/null
mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS migrate_bench_inspect; CREATE DATABASE migrate_bench_inspect"
MY_URL="${MY%/*}/migrate_bench_inspect"
gen mysql | mariadb -h 127.0.0.1 -uroot migrate_bench_inspect

"$BIN" "$PG_URL" "$RUNS" $SEA
"$BIN" "$MY_URL" "$RUNS"
psql "$PG" -qc "DROP DATABASE IF EXISTS migrate_bench_inspect WITH (FORCE)" 2>/dev/null
mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS migrate_bench_inspect"
