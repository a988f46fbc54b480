#!/usr/bin/env python3
"""The benchmark of issue 13, in one command: `bench/issue13.py [RUNS]` (`BENCH_N=100` for the
small size alone).

For N = 100 and 1,000 generated migrations (bench/generate.py: a table with a foreign key and an
index each, an ADD COLUMN every 10th) and per backend (SQLite, PostgreSQL, MariaDB), it times
cargo-migrate's prebuilt migrations binary against the floor (the database's own CLI running the
same SQL with one transaction and one version-row insert per migration), alternating the runs:
up from empty (per migration; --single-transaction against a one-transaction floor), the no-op
at head, a full downgrade, `current`; then peak RSS (also with the recommended production
profile, `[profile.migrations]`; `BENCH_PROFILE=0` skips that build), `cargo migrate current`
end to end with nothing to rebuild, the graph commands on 10,000 revisions from sources, the compile cost, and
100 databases with -j 8 against one at a time. Prints medians with the spread (min–max);
asserts only that each run did its work. Needs sqlite3, psql and mariadb on PATH.

sqlx-cli (`sqlx`) and refinery (`refinery`), when found on PATH or in `BENCH_PEERS` (a folder;
`cargo install sqlx-cli --no-default-features --features sqlite,postgres,mysql,rustls` and
`cargo install refinery_cli`), run the same migrations in the same alternating runs (their
own file layouts, written by bench/generate.py) and are printed beside us with their ratio to
the same floor. They connect without TLS, as our runner does on a local server.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench", "issue13")
TARGET = os.path.join(ROOT, "target", "e2e")
PG = os.environ.get("MIGRATE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MY = os.environ.get("MIGRATE_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/mysql")
ENV = dict(os.environ, CARGO_TARGET_DIR=TARGET, NO_COLOR="1")
ENV.pop("DATABASE_URL", None)


def sh(cmd, stdin=None, check=True, cwd=None, env=ENV):
    f = open(stdin) if stdin else subprocess.DEVNULL
    p = subprocess.run(cmd, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       cwd=cwd)
    if stdin:
        f.close()
    if check and p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stderr.decode()}")
    return p


def timed(cmd, **kw):
    s = time.perf_counter()
    sh(cmd, **kw)
    return time.perf_counter() - s


def fmt(xs):
    return f"{statistics.median(xs) * 1000:8.1f} ms ({min(xs) * 1000:.1f}–{max(xs) * 1000:.1f})"


def line(what, ours, floor=None, who="cargo-migrate"):
    text = f"  {what:<34} {who:<13} {fmt(ours)}"
    if floor:
        text += f"   floor {fmt(floor)}   ratio {statistics.median(ours) / statistics.median(floor):.2f}"
    print(text, flush=True)


# The production profile the README recommends for the migrations binary (a workspace's own
# profile, so it changes no other build): one codegen unit, whole-program LTO.
PROFILE = """
[profile.migrations]
inherits = "release"
lto = "fat"
codegen-units = 1
"""


def build(n, profile="release"):
    crate = os.path.join(WORK, f"m{n}")
    manifest = os.path.join(crate, "Cargo.toml")
    if not os.path.exists(os.path.join(crate, "peers", "refinery")) or \
            "[profile.migrations]" not in open(manifest).read() or \
            f'"bench-migrations-{n}"' not in open(manifest).read():
        os.makedirs(WORK, exist_ok=True)
        sh([sys.executable, os.path.join(ROOT, "bench", "generate.py"), crate, str(n),
            os.path.join(ROOT, "migrate-core")])
        with open(os.path.join(crate, "Cargo.toml"), "a") as f:
            f.write("\n[workspace]\n" + PROFILE)
        shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))
    sh(["cargo", "build", "--profile", profile, "--quiet", "--manifest-path",
        os.path.join(crate, "Cargo.toml")])
    return crate, os.path.join(TARGET, profile, f"bench-migrations-{n}")


def peak_rss(binary, url, *args):
    return peak_rss_of([binary, "-q", "--database-url", url, *args])


def peak_rss_of(cmd, **kw):
    out = sh(["/usr/bin/time", "-f", "%M", *cmd], **kw)
    return int(out.stderr.decode().split()[-1]) / 1024


def production_profile(n):
    """Peak RSS and size of the binary built with the recommended profile, against the
    default release profile's (`BENCH_PROFILE=0` skips it: whole-program LTO takes minutes)."""
    if os.environ.get("BENCH_PROFILE") == "0":
        return
    print(f"peak RSS by build profile, N = {n} (upgrade head from empty / no-op at head):",
          flush=True)
    for profile in ["release", "migrations"]:
        crate, binary = build(n, profile)
        figures = []
        for db in [Sqlite(crate), Postgres(crate), Mariadb(crate)]:
            db.fresh()
            up = peak_rss(binary, db.url, "upgrade", "head")
            noop = peak_rss(binary, db.url, "upgrade", "head")
            figures.append(f"{db.name} {up:.1f} / {noop:.1f} MiB")
        size = os.path.getsize(binary) / 2**20
        print(f"  --profile {profile:<10} binary {size:5.1f} MiB; " + "; ".join(figures),
              flush=True)


class Sqlite:
    name = "sqlite"
    single = True

    def __init__(self, crate):
        self.path = os.path.join(crate, "bench.db")
        self.url = f"sqlite:{self.path}?mode=rwc"
        self.sqlx_url = self.url
        self.refinery_url = f"sqlite://{self.path}"

    def fresh(self):
        if os.path.exists(self.path):
            os.remove(self.path)

    def cli(self, script):
        sh(["sqlite3", self.path], stdin=script)

    def has_table(self, name):
        out = sh(["sqlite3", self.path, f"SELECT count(*) FROM sqlite_master WHERE name = '{name}'"])
        return out.stdout.strip() == b"1"


class Postgres:
    name = "postgres"
    single = True

    def __init__(self, crate):
        self.url = PG.rsplit("/", 1)[0] + "/migrate_bench13"
        self.sqlx_url = self.refinery_url = self.url + "?sslmode=disable"

    def fresh(self):
        sh(["psql", PG, "-qc", "DROP DATABASE IF EXISTS migrate_bench13 WITH (FORCE)", "-c",
            "CREATE DATABASE migrate_bench13"])

    def cli(self, script):
        sh(["psql", self.url, "-q", "-v", "ON_ERROR_STOP=1", "-f", script])

    def has_table(self, name):
        out = sh(["psql", self.url, "-tAc", f"SELECT count(*) FROM pg_tables WHERE tablename = '{name}'"])
        return out.stdout.strip() == b"1"


def settle(server):
    """Waits (up to 10 s) until the local database server is idle: dropping a database of
    1,000 tables leaves the server busy in the background for a while (MariaDB's purge), which
    would land on whichever run comes next. No-op when the server is not on this machine."""
    pids = sh(["pgrep", "-x", server], check=False).stdout.split()
    if not pids:
        return
    stat = f"/proc/{int(pids[0])}/stat"
    ticks = lambda: sum(int(x) for x in open(stat).read().rsplit(")", 1)[1].split()[11:13])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        before = ticks()
        time.sleep(0.2)
        if ticks() - before <= 1:  # at most 10 ms of CPU in 200 ms
            return


class Mariadb:
    name = "mariadb"
    single = False  # DDL commits as it goes: no single transaction

    def __init__(self, crate):
        self.url = MY.rsplit("/", 1)[0] + "/migrate_bench13"
        self.sqlx_url = self.url + "?ssl-mode=disabled"
        self.refinery_url = self.url

    def fresh(self):
        sh(["mariadb", "-h", "127.0.0.1", "-uroot", "-e",
            "DROP DATABASE IF EXISTS migrate_bench13; CREATE DATABASE migrate_bench13"])
        settle("mariadbd")

    def cli(self, script):
        sh(["mariadb", "-h", "127.0.0.1", "-uroot", "migrate_bench13"], stdin=script)

    def has_table(self, name):
        out = sh(["mariadb", "-h", "127.0.0.1", "-uroot", "-N", "-e",
                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                  f"'migrate_bench13' AND table_name = '{name}'"])
        return out.stdout.strip() == b"1"


def found(tool):
    path = os.pathsep.join(p for p in [os.environ.get("BENCH_PEERS"), os.environ["PATH"]] if p)
    return shutil.which(tool, path=path)


class Peer:
    """Another migration tool on the same migrations and database; its commands are None where
    it has no such mode."""

    def __init__(self, db, env=ENV):
        self.db = db
        self.env = env

    def fresh(self):
        self.db.fresh()

    def run(self, cmd):
        sh(cmd, env=self.env)

    def timed(self, cmd):
        return timed(cmd, env=self.env)


class Sqlx(Peer):
    """sqlx-cli on the same migrations (peers/sqlx): each in its own transaction; no
    single-transaction mode; `revert --target-version 0` for the full downgrade."""
    name = "sqlx-cli"

    def __init__(self, binary, crate, db):
        super().__init__(db)
        self.cmd = [binary, "migrate"]
        self.args = ["--source", os.path.join(crate, "peers", "sqlx"), "--no-dotenv",
                     "--database-url", db.sqlx_url]

    def up(self, single=False):
        return None if single else self.cmd + ["run", *self.args]

    def down(self):
        return self.cmd + ["revert", "--target-version", "0", *self.args]


class Refinery(Peer):
    """refinery_cli on the same migrations (peers/refinery); `-g` runs them grouped in one
    transaction; it has no down migrations."""
    name = "refinery"

    def __init__(self, binary, crate, db):
        super().__init__(db, dict(ENV, BENCH_REFINERY_URL=db.refinery_url))
        self.cmd = [binary, "migrate", "-e", "BENCH_REFINERY_URL", "-p",
                    os.path.join(crate, "peers", "refinery")]

    def fresh(self):
        """A fresh database; refinery opens a SQLite file only when it exists (an empty file
        is an empty database)."""
        self.db.fresh()
        if isinstance(self.db, Sqlite):
            open(self.db.path, "w").close()

    def up(self, single=False):
        return self.cmd + (["-g"] if single else [])

    def down(self):
        return None


def peers(crate, db):
    tools = [(Sqlx, found("sqlx")), (Refinery, found("refinery"))]
    return [tool(binary, crate, db) for tool, binary in tools if binary]


def backend_runs(n, crate, binary, db):
    run = lambda *args: timed([binary, "-q", "--database-url", db.url, *args])
    floor = lambda name: timed_cli(db, os.path.join(crate, name))
    others = peers(crate, db)
    print(f"{db.name}, N = {n}, {RUNS} alternating runs, median (min–max):", flush=True)

    def alternate(what, ours, floor_script, peer_cmd, prepare=None):
        """Each run: fresh database (+ `prepare`), ours; fresh, the floor; fresh, each peer;
        after each, the last migration's table is there (up) or the first one's is gone
        (`prepare`d downgrade)."""
        contenders = [("ours", db.fresh, ours, None),
                      ("floor", db.fresh, lambda: floor(floor_script), None)]
        contenders += [(p.name, p.fresh, lambda p=p: p.timed(peer_cmd(p)), p)
                       for p in others if peer_cmd(p)]
        times = {name: [] for name, *_ in contenders}
        for _ in range(RUNS):
            for name, fresh, timed_run, peer in contenders:
                fresh()
                if prepare:
                    prepare(name, peer)
                times[name].append(timed_run())
                if prepare and db.has_table("t0") or not prepare and not db.has_table(f"t{n - 1}"):
                    sys.exit(f"{db.name}, {what}: {name} did not do its work")
        line(what, times["ours"], times["floor"])
        for name, _, _, peer in contenders:
            if peer:
                line("", times[name], times["floor"], name)

    alternate("up, one transaction per migration", lambda: run("upgrade", "head"), "floor.sql",
              lambda p: p.up())
    if db.single:
        alternate("up, --single-transaction",
                  lambda: run("upgrade", "head", "--single-transaction"), "floor-single.sql",
                  lambda p: p.up(single=True))
    db.fresh()
    run("upgrade", "head")
    noop = [run("upgrade", "head") for _ in range(max(RUNS, 10))]
    line("no-op upgrade head at head", noop)
    for p in others:
        p.fresh()
        p.run(p.up())
        line("", [p.timed(p.up()) for _ in range(max(RUNS, 10))], who=p.name)
    db.fresh()
    run("upgrade", "head")
    current = [run("current") for _ in range(max(RUNS, 10))]
    line("current", current)

    def peer_rss(at_head):
        figures = []
        for p in others:
            p.fresh()
            if at_head:
                p.run(p.up())
            figures.append(f"; {p.name} {peak_rss_of(p.up(), env=p.env):.1f} MiB")
        return "".join(figures)

    print(f"  peak RSS, no-op at head: {peak_rss(binary, db.url, 'upgrade', 'head'):.1f} MiB"
          + peer_rss(at_head=True))

    def prepare(name, peer):
        if peer:
            peer.run(peer.up())
        elif name == "ours":
            run("upgrade", "head")
        else:
            floor("floor.sql")

    alternate("full downgrade (downgrade base)", lambda: run("downgrade", "base"),
              "floor-down.sql", lambda p: p.down(), prepare)
    db.fresh()
    print(f"  peak RSS, up from empty: {peak_rss(binary, db.url, 'upgrade', 'head'):.1f} MiB"
          + peer_rss(at_head=False), flush=True)


def timed_cli(db, script):
    s = time.perf_counter()
    db.cli(script)
    return time.perf_counter() - s


def end_to_end(crate):
    cargo_migrate = os.path.join(ROOT, "target", "release", "cargo-migrate")
    own = {k: v for k, v in ENV.items() if k != "CARGO_TARGET_DIR"}
    sh(["cargo", "build", "--release", "--quiet", "-p", "cargo-migrate"], cwd=ROOT, env=own)
    url = f"sqlite:{os.path.join(crate, 'bench.db')}?mode=rwc"
    sh([cargo_migrate, "migrate", "-q", "--database-url", url, "upgrade", "head"], cwd=crate)
    xs = [timed([cargo_migrate, "migrate", "-q", "--database-url", url, "current"], cwd=crate)
          for _ in range(max(RUNS, 5))]
    line("cargo migrate current, nothing to rebuild", xs)
    return cargo_migrate


def graph(cargo_migrate):
    crate = os.path.join(WORK, "g10000")
    if not os.path.isdir(crate):
        sh([sys.executable, os.path.join(ROOT, "bench", "generate.py"), crate, "10000",
            os.path.join(ROOT, "migrate-core")])
        with open(os.path.join(crate, "Cargo.toml"), "a") as f:
            f.write("\n[workspace]\n")
    print("graph commands from sources, 10,000 revisions:")
    # The first run reads every file and fills the scan cache (target/cargo-migrate); the
    # others read the files that changed only.
    cache = os.path.join(TARGET, "cargo-migrate", "bench-migrations-10000-sources.cache")
    if os.path.exists(cache):
        os.remove(cache)
    line("heads, nothing cached", [timed([cargo_migrate, "migrate", "heads"], cwd=crate)])
    time.sleep(2.1)  # files changed in the last 2 s are not cached
    for command in ["heads", "history", "branches"]:
        xs = [timed([cargo_migrate, "migrate", command], cwd=crate) for _ in range(RUNS)]
        line(command, xs)


def compile_cost(crate):
    manifest = os.path.join(crate, "Cargo.toml")
    build = ["cargo", "build", "--quiet", "--manifest-path", manifest]
    sh(build)
    # The crate itself from clean (its dependencies stay built): the compile cost of its N
    # migrations, and per migration.
    n = int(os.path.basename(crate)[1:])
    sh(["cargo", "clean", "--quiet", "-p", f"bench-migrations-{n}", "--manifest-path", manifest])
    clean = timed(build)
    line(f"dev build from clean, N = {n:,}", [clean])
    print(f"  {'':<34} {'':<13} {clean * 1000 / n:8.1f} ms per migration", flush=True)
    lib = os.path.join(crate, "src", "lib.rs")
    os.utime(lib)
    line("dev rebuild of the 1,000-migration crate", [timed(build)])
    first = os.path.join(crate, "src", "versions", f"{1:012x}_m0.rs")
    text = open(first).read()
    open(first, "w").write(text.replace('message = "m0"', 'message = "m0 edited"'))
    line("dev rebuild after editing one", [timed(build)])
    open(first, "w").write(text)
    extra = os.path.join(crate, "src", "versions", "ffffffffffff_extra.rs")
    open(extra, "w").write(f'''use migrate_core::prelude::*;

#[migration(revision = "ffffffffffff", down_revision = "{1000:012x}", message = "extra")]
pub struct Extra;

impl Migration for Extra {{
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
        op.execute("CREATE TABLE extra (id INTEGER)").await
    }}
}}
''')
    line("dev rebuild after adding one", [timed(build)])
    os.remove(extra)
    sh(build)


def fan_out(binary, backend, count=100, jobs=8):
    """`count` fresh databases upgraded one process at a time, then the same databases fresh
    again in one run with `-j jobs`; asserts that every one reached head both times."""
    names = [f"migrate_fan13_{i}" for i in range(count)]
    if backend == "mariadb":
        base = MY.rsplit("/", 1)[0]

        def fresh():
            sh(["mariadb", "-h", "127.0.0.1", "-uroot", "-e",
                "".join(f"DROP DATABASE IF EXISTS {n}; CREATE DATABASE {n};" for n in names)])

        def drop():
            sh(["mariadb", "-h", "127.0.0.1", "-uroot", "-e",
                "".join(f"DROP DATABASE IF EXISTS {n};" for n in names)])
    else:
        base = PG.rsplit("/", 1)[0]

        def statements(*sqls):
            cmd = ["psql", PG, "-q", "-v", "ON_ERROR_STOP=1"]
            for n in names:
                for sql in sqls:
                    cmd += ["-c", sql.format(n)]
            sh(cmd)

        def fresh():
            statements("DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")

        def drop():
            statements("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    urls = [f"{base}/{n}" for n in names]
    args = [a for url in urls for a in ("--database-url", url)]

    def compare(what, command, refresh=False):
        """`command` on every database one process at a time, then in one run with -j (on
        fresh databases again with `refresh`); with the machine's busy CPU time (server and
        runner) of each."""
        cpu = busy()
        seq = sum(timed([binary, "-q", "--database-url", url, *command]) for url in urls)
        seq_cpu, cpu = busy() - cpu, busy()
        if refresh:
            fresh()
            cpu = busy()
        par = timed([binary, "-q", *args, "-j", str(jobs), *command])
        par_cpu = busy() - cpu
        print(f"  {what:<28} {count} sequential runs {seq:6.2f} s (CPU busy {seq_cpu:5.2f} s), "
              f"-j {jobs} {par:6.2f} s (CPU busy {par_cpu:5.2f} s, "
              f"{100 * par_cpu / (par * os.cpu_count()):.0f}% of the cores): "
              f"{seq / par:4.1f}× faster", flush=True)

    print(f"fan-out, {count} {backend} databases of the 100-migration crate:", flush=True)
    fresh()
    compare("upgrade head, from empty", ["upgrade", "head"], refresh=True)
    summary = sh([binary, "-q", *args, "-j", str(jobs), "current"]).stdout.decode()
    heads = summary.count(f"{100:012x}  ")
    if heads != count or f"{count} databases: {count} ok, 0 failed" not in summary:
        sys.exit(f"fan-out: {heads} of {count} databases at head:\n{summary}")
    compare("upgrade head, at head", ["upgrade", "head"])
    compare("check, at head", ["check"])
    drop()


def busy():
    """The machine's busy CPU time so far, in seconds (all cores; /proc/stat)."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def main():
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {RUNS} runs")
    sizes = [int(n) for n in os.environ.get("BENCH_N", "100,1000").split(",")]
    for n in sizes:
        crate, keep = build(n)
        for db in [Sqlite(crate), Postgres(crate), Mariadb(crate)]:
            backend_runs(n, crate, keep, db)
        production_profile(n)
        if n == 100:
            for backend in ["mariadb", "postgres"]:
                fan_out(keep, backend)
        else:
            cargo_migrate = end_to_end(crate)
            graph(cargo_migrate)
            compile_cost(crate)


if __name__ == "__main__":
    main()
