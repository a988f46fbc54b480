#!/usr/bin/env bash
# Production topologies for the tests of tests/topologies (issue 9), on loopback ports:
#
#   pgbouncer 6432 (pool_mode = transaction) and 6433 (pool_mode = session) in front of 127.0.0.1:5432,
#   and 6434 (transaction) without ignore_startup_parameters, as a pgbouncer set up without it
#   a 3-node MariaDB Galera cluster on 3311, 3312, 3313 (wsrep over 127.0.0.1)
#   a PostgreSQL primary on 5441 and its streaming hot standby on 5442
#
# Usage: .ci/topologies.sh start | stop | env | status
#   start   installs what is missing (apt-get), starts every server, waits until each is ready
#           (idempotent: does nothing when they already run); a server that fails to start has
#           its log printed, everything started is stopped again, and the exit code is non-zero
#   stop    stops exactly the processes `start` recorded (never the system's 5432/3306 servers)
#           and removes the state folder
#   env     prints the `export` lines the tests read: eval "$(.ci/topologies.sh env)"
#   status  exit 0 when every server runs
#
# State (configs, data, logs, pids): $MIGRATE_TOPOLOGIES_DIR, default /tmp/cargo-migrate-topologies.
set -euo pipefail

STATE="${MIGRATE_TOPOLOGIES_DIR:-/tmp/cargo-migrate-topologies}"
PIDS="$STATE/pids"
GALERA_PROVIDER=/usr/lib/galera/libgalera_smm.so
PG_TX_PORT=6432
PG_SESSION_PORT=6433
# A pgbouncer without ignore_startup_parameters, for the message that says to set it.
PG_STRICT_PORT=6434
GALERA_PORTS=(3311 3312 3313)
PRIMARY_PORT=5441
STANDBY_PORT=5442
PAIR=""
# Node i's Galera ports: group communication, incremental state transfer, rsync state transfer.
gcomm_port() { echo $((4567 + 10 * ($1 - 1))); }
ist_port() { echo $((4568 + 10 * ($1 - 1))); }
sst_port() { echo $((4444 + 10 * ($1 - 1))); }

say() { printf '%12s %s\n' "$1" "$2" >&2; }
die() {
    echo "error: $1" >&2
    shift
    for log in "$@"; do
        if [ -f "$log" ]; then
            echo "---- $log (last 60 lines)" >&2
            tail -n 60 "$log" >&2
        fi
    done
    exit 1
}

# Runs a command as `user` (the servers refuse to run as root).
as_user() {
    local user="$1"
    shift
    if [ "$(id -un)" = "$user" ]; then
        "$@"
    elif [ "$(id -u)" = 0 ]; then
        runuser -u "$user" -- "$@"
    else
        sudo -u "$user" -- "$@"
    fi
}

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$dir" ] || return 1
    echo "$dir"
}

# True when process `pid` is alive and was started from our state folder (its command line
# names it): a recycled pid or a system server never matches.
ours() {
    local pid="$1"
    [ -n "$pid" ] && grep -aqF "$STATE/" "/proc/$pid/cmdline" 2>/dev/null
}

record() { echo "$1 $2" >>"$PIDS"; }

install_missing() {
    local packages=()
    command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || packages+=(pgbouncer)
    [ -f "$GALERA_PROVIDER" ] || packages+=(galera-4)
    command -v rsync >/dev/null || packages+=(rsync)
    command -v ss >/dev/null || packages+=(iproute2)
    { [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null; } || packages+=(mariadb-server)
    command -v mariadb >/dev/null || packages+=(mariadb-client)
    { pg_bin >/dev/null && [ -x "$(pg_bin)/pg_basebackup" ]; } || packages+=(postgresql)
    command -v psql >/dev/null || packages+=(postgresql-client)
    if [ "${#packages[@]}" -gt 0 ]; then
        say Installing "${packages[*]}"
        sudo_ apt-get update -qq
        sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >&2
        # A service the package started with its default config would take port 6432.
        if [[ " ${packages[*]} " == *" pgbouncer "* ]] && [ -f /run/postgresql/pgbouncer.pid ]; then
            sudo_ service pgbouncer stop >/dev/null 2>&1 || true
        fi
    fi
}

# start_pgbouncer MODE PORT [NAME IGNORE]: NAME defaults to MODE; IGNORE is the
# ignore_startup_parameters setting (default extra_float_digits; "" leaves it out, as a pgbouncer
# set up without it would be).
start_pgbouncer() {
    local mode="$1" port="$2" name="${3:-$1}" ignore="${4-extra_float_digits}"
    local dir="$STATE/pgbouncer-$name"
    mkdir -p "$dir"
    printf '"postgres" ""\n' >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = postgres
pool_mode = $mode
default_pool_size = 20
max_client_conn = 1000
${ignore:+ignore_startup_parameters = $ignore}
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
    chown -R postgres:postgres "$dir"
    as_user postgres pgbouncer -d "$dir/pgbouncer.ini" >"$dir/stdout.log" 2>&1 ||
        die "pgbouncer ($name, port $port) did not start" "$dir/stdout.log" "$dir/pgbouncer.log"
    local pid=""
    for _ in $(seq 100); do
        pid="$(cat "$dir/pgbouncer.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && port_open "$port"; then break; fi
        sleep 0.05
    done
    [ -n "$pid" ] && port_open "$port" ||
        die "pgbouncer ($name) does not listen on port $port" "$dir/pgbouncer.log"
    record "pgbouncer-$name" "$pid"
}

galera_cnf() {
    local n="$1" dir="$STATE/galera-$1"
    cat >"$dir/my.cnf" <<EOF
[mariadbd]
datadir = $dir/data
socket = $dir/mysqld.sock
pid-file = $dir/mysqld.pid
log-error = $dir/error.log
port = ${GALERA_PORTS[$((n - 1))]}
bind-address = 127.0.0.1
user = mysql
max_connections = 300
performance_schema = OFF
innodb_buffer_pool_size = 64M
innodb_log_file_size = 16M
innodb_flush_log_at_trx_commit = 0
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
wsrep_on = ON
wsrep_provider = $GALERA_PROVIDER
wsrep_cluster_name = cargo_migrate_topologies
wsrep_cluster_address = gcomm://127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$(gcomm_port "$n")
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=64M;pc.recovery=FALSE"
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$(sst_port "$n")
EOF
}

galera_sql() { mariadb --no-defaults --socket="$STATE/galera-$1/mysqld.sock" -uroot -N -B -e "$2" 2>/dev/null; }

# Starts node n (node 1 bootstraps the cluster) and records its pid.
start_galera_node() {
    local n="$1" dir="$STATE/galera-$1"
    local args=(--defaults-file="$dir/my.cnf")
    [ "$n" = 1 ] && args+=(--wsrep-new-cluster)
    # In a session of its own, so that a Ctrl-C at the terminal reaches `stop`, not the node (the
    # shell's child is no group leader, so setsid execs without forking: $! is mariadbd's pid).
    setsid /usr/sbin/mariadbd "${args[@]}" >>"$dir/stdout.log" 2>&1 </dev/null &
    record "galera-$n" "$!"
}

# Waits until node n is Synced, or fails with its log.
wait_galera_node() {
    local n="$1" dir="$STATE/galera-$1" pid
    pid="$(awk -v name="galera-$n" '$1 == name { print $2 }' "$PIDS")"
    for _ in $(seq 600); do
        if [ "$(galera_sql "$n" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'")" = Synced ]; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || die "Galera node $n (port ${GALERA_PORTS[$((n - 1))]}) exited while starting" "$dir/error.log" "$dir/stdout.log"
        sleep 0.2
    done
    die "Galera node $n (port ${GALERA_PORTS[$((n - 1))]}) was not Synced after 120 s" "$dir/error.log"
}

start_galera() {
    for n in 1 2 3; do
        mkdir -p "$STATE/galera-$n/data"
        galera_cnf "$n"
        chown -R mysql:mysql "$STATE/galera-$n"
    done
    # Only node 1 needs a system database: nodes 2 and 3 receive node 1's by state transfer.
    mariadb-install-db --defaults-file="$STATE/galera-1/my.cnf" --user=mysql \
        --auth-root-authentication-method=normal --skip-test-db >"$STATE/galera-1/install.log" 2>&1 ||
        die "mariadb-install-db failed for Galera node 1" "$STATE/galera-1/install.log"
    start_galera_node 1
    wait_galera_node 1
    # root with an empty password from 127.0.0.1 (TCP), as on the project's MariaDB server.
    galera_sql 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" ||
        die "could not grant root@127.0.0.1 on Galera node 1" "$STATE/galera-1/error.log"
    # The joiners take their state transfers from node 1 one after the other (Galera retries).
    start_galera_node 2
    start_galera_node 3
    wait_galera_node 2
    wait_galera_node 3
    for _ in $(seq 100); do
        [ "$(galera_sql 1 "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'")" = 3 ] && return 0
        sleep 0.2
    done
    die "the Galera cluster did not reach wsrep_cluster_size=3" "$STATE/galera-1/error.log"
}

start_postgres() {
    local name="$1" port="$2" dir="$STATE/$1" bin
    bin="$(pg_bin)"
    as_user postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-p $port -k $dir" start >/dev/null 2>&1 ||
        die "PostgreSQL $name (port $port) did not start" "$dir/postgres.log"
    record "postgres-$name" "$(head -n 1 "$dir/data/postmaster.pid")"
}

start_primary_and_standby() {
    local bin p="$STATE/pg-primary" s="$STATE/pg-standby"
    bin="$(pg_bin)" || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    mkdir -p "$p" "$s"
    chown postgres:postgres "$p" "$s"
    as_user postgres "$bin/initdb" -D "$p/data" -A trust -U postgres --no-sync -E UTF8 --no-locale \
        >"$p/initdb.log" 2>&1 || die "initdb failed for the PostgreSQL primary" "$p/initdb.log"
    cat >>"$p/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
hot_standby = on
fsync = off
synchronous_commit = off
shared_buffers = 32MB
max_connections = 100
EOF
    start_postgres pg-primary "$PRIMARY_PORT"
    as_user postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$s/data" \
        -R -X stream -c fast >"$s/basebackup.log" 2>&1 ||
        die "pg_basebackup from the primary failed" "$s/basebackup.log" "$p/postgres.log"
    start_postgres pg-standby "$STANDBY_PORT"
    for _ in $(seq 300); do
        if [ "$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atc \
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" 2>/dev/null)" = 1 ] &&
            [ "$(psql -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d postgres -Atc \
                "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ]; then
            return 0
        fi
        sleep 0.1
    done
    die "the standby on port $STANDBY_PORT does not stream from the primary" "$s/postgres.log" "$p/postgres.log"
}

# True when every recorded server is alive.
running() {
    [ -f "$PIDS" ] || return 1
    local name pid count=0
    while read -r name pid; do
        ours "$pid" || return 1
        count=$((count + 1))
    done <"$PIDS"
    # 3 pgbouncers, 3 Galera nodes, a primary and a standby
    [ "$count" = 8 ]
}

stop() {
    if [ -f "$PIDS" ]; then
        local name pid left
        while read -r name pid; do
            ours "$pid" || continue
            case "$name" in
            postgres-*) kill -INT "$pid" 2>/dev/null || true ;; # fast shutdown
            *) kill -TERM "$pid" 2>/dev/null || true ;;
            esac
        done <"$PIDS"
        for _ in $(seq 300); do
            left=0
            while read -r name pid; do
                if ours "$pid"; then left=1; fi
            done <"$PIDS"
            [ "$left" = 0 ] && break
            sleep 0.1
        done
        while read -r name pid; do
            if ours "$pid"; then
                say Killing "$name (pid $pid) did not stop in 30 s"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done <"$PIDS"
    fi
    rm -rf "$STATE"
}

start() {
    if running; then
        say Running "production topologies (state in $STATE)"
        return 0
    fi
    # Leftovers of an interrupted start: stop what they recorded first.
    [ -d "$STATE" ] && stop
    local began=$SECONDS
    install_missing
    command -v pgbouncer >/dev/null || die "pgbouncer is not installed"
    pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL at 127.0.0.1:5432 (pgbouncer's backend) is unreachable"
    local port
    for port in "$PG_TX_PORT" "$PG_SESSION_PORT" "$PG_STRICT_PORT" "${GALERA_PORTS[@]}" "$PRIMARY_PORT" "$STANDBY_PORT" \
        "$(gcomm_port 1)" "$(gcomm_port 2)" "$(gcomm_port 3)"; do
        if port_open "$port"; then
            die "port $port on 127.0.0.1 is already taken by another process ($(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 1)); stop it first"
        fi
    done
    mkdir -p "$STATE"
    chmod 755 "$STATE"
    : >"$PIDS"
    # From here on, a failure stops whatever was started.
    trap 'status=$?; if [ "$status" != 0 ]; then [ -z "$PAIR" ] || wait "$PAIR" 2>/dev/null; stop; fi' EXIT

    start_pgbouncer transaction "$PG_TX_PORT"
    start_pgbouncer session "$PG_SESSION_PORT"
    start_pgbouncer transaction "$PG_STRICT_PORT" strict ""
    say Started "pgbouncer on $PG_TX_PORT (transaction), $PG_SESSION_PORT (session) and $PG_STRICT_PORT (without ignore_startup_parameters) in $((SECONDS - began)) s"
    # The PostgreSQL pair starts beside the Galera cluster.
    start_primary_and_standby >"$STATE/pg-pair.log" 2>&1 &
    PAIR=$!
    start_galera
    say Started "Galera cluster on ${GALERA_PORTS[*]} (wsrep_cluster_size=3) in $((SECONDS - began)) s"
    if ! wait "$PAIR"; then
        cat "$STATE/pg-pair.log" >&2
        exit 1
    fi
    say Started "PostgreSQL primary on $PRIMARY_PORT, hot standby on $STANDBY_PORT in $((SECONDS - began)) s"
    trap - EXIT
    say Ready "production topologies in $((SECONDS - began)) s (state in $STATE; stop: .ci/topologies.sh stop)"
}

print_env() {
    running || die "the production topologies are not running: run .ci/topologies.sh start"
    echo "export MIGRATE_TEST_PGBOUNCER_TX_URL=postgres://postgres@127.0.0.1:$PG_TX_PORT/postgres"
    echo "export MIGRATE_TEST_PGBOUNCER_SESSION_URL=postgres://postgres@127.0.0.1:$PG_SESSION_PORT/postgres"
    echo "export MIGRATE_TEST_PGBOUNCER_STRICT_URL=postgres://postgres@127.0.0.1:$PG_STRICT_PORT/postgres"
    echo "export MIGRATE_TEST_GALERA_URLS=mysql://root@127.0.0.1:${GALERA_PORTS[0]}/mysql,mysql://root@127.0.0.1:${GALERA_PORTS[1]}/mysql,mysql://root@127.0.0.1:${GALERA_PORTS[2]}/mysql"
    echo "export MIGRATE_TEST_PG_PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres"
    echo "export MIGRATE_TEST_PG_STANDBY_URL=postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
env) print_env ;;
status) running ;;
*)
    echo "usage: $0 start | stop | env | status" >&2
    exit 2
    ;;
esac
