#!/usr/bin/env bash
# Times `upgrade head` and `downgrade base` of the N generated migrations of apply-1000.sh on
# PostgreSQL and MariaDB (fresh database each run). Run bench/apply-1000.sh first (it builds the
# binary). Prints figures; asserts nothing.
set -euo pipefail
N=${1:-1000}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/target/e2e/release/bench-migrations"
[ -x "$BIN" ] || { echo "build it first: bench/apply-1000.sh $N" >&2; exit 1; }
PG="${MIGRATE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
MY="${MIGRATE_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/mysql}"
secs() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
for backend in postgres mysql; do
  if [ $backend = postgres ]; then
    psql "$PG" -qc "DROP DATABASE IF EXISTS migrate_bench" -c "CREATE DATABASE migrate_bench" 2>/dev/null
    URL="${PG%/*}/migrate_bench"
  else
    mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS migrate_bench; CREATE DATABASE migrate_bench"
    URL="${MY%/*}/migrate_bench"
  fi
  up=$(secs "$BIN" -q --database-url "$URL" upgrade head)
  down=$(secs "$BIN" -q --database-url "$URL" downgrade base)
  printf '%s: upgrade head of %d migrations %.2f s (%.2f ms each), downgrade base %.2f s\n' \
    "$backend" "$N" "$up" "$(echo "$up * 1000 / $N" | bc -l)" "$down"
done
