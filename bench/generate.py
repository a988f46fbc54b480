#!/usr/bin/env python3
"""Writes the benchmark workload of issue 13: N migrations, each a table with a foreign key to
the previous one and an index, an ADD COLUMN every 10th; the migrations crate `bench-migrations-N`
(its own name, so that crates of several sizes can share a target folder; raw SQL, the same
for every backend), the floor scripts (the same SQL, one transaction and one version-row
insert per migration, or one transaction for the whole run), and the same migrations for the
peers: `peers/sqlx` (sqlx-cli's reversible `<version>_<name>.up.sql` / `.down.sql`) and
`peers/refinery` (refinery's `V<version>__<name>.sql`).

Usage: bench/generate.py <crate-dir> <N> <migrate-core path>
"""
import os
import sys

crate, n, core = sys.argv[1], int(sys.argv[2]), sys.argv[3]
versions = os.path.join(crate, "src", "versions")
os.makedirs(versions, exist_ok=True)
ids = [f"{i:012x}" for i in range(1, n + 1)]


def up(i):
    fk = f", parent_id INTEGER, FOREIGN KEY (parent_id) REFERENCES t{i - 1} (id)" if i else ""
    sql = [f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name VARCHAR(100){fk})",
           f"CREATE INDEX ix_t{i}_name ON t{i} (name)"]
    if i and i % 10 == 0:
        sql.append(f"ALTER TABLE t{i - 1} ADD COLUMN extra INTEGER")
    return sql


def down(i):
    sql = [f"DROP TABLE t{i}"]
    if i and i % 10 == 0:
        sql.append(f"ALTER TABLE t{i - 1} DROP COLUMN extra")
    return sql


def calls(stmts):
    return "\n".join(f'        op.execute("{s}").await?;' for s in stmts)


for i, rev in enumerate(ids):
    parent = "None" if i == 0 else f'"{ids[i - 1]}"'
    with open(os.path.join(versions, f"{rev}_m{i}.rs"), "w") as f:
        f.write(f'''use migrate_core::prelude::*;

#[migration(revision = "{rev}", down_revision = {parent}, message = "m{i}")]
pub struct M{i};

impl Migration for M{i} {{
    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
{calls(up(i))}
        Ok(())
    }}

    async fn downgrade(&self, op: &mut Operations<'_>) -> Result<()> {{
{calls(down(i))}
        Ok(())
    }}
}}
''')

with open(os.path.join(crate, "Cargo.toml"), "w") as f:
    f.write(f'''[package]
name = "bench-migrations-{n}"
version = "0.1.0"
edition = "2024"
publish = false

[package.metadata.migrate]

[dependencies]
migrate-core = {{ path = "{core}" }}
''')
os.makedirs(os.path.join(crate, "src"), exist_ok=True)
with open(os.path.join(crate, "build.rs"), "w") as f:
    f.write('fn main() { println!("cargo::rerun-if-changed=src/versions"); }\n')
with open(os.path.join(crate, "src", "lib.rs"), "w") as f:
    f.write('migrate_core::include_versions!("src/versions");\n')
with open(os.path.join(crate, "src", "main.rs"), "w") as f:
    f.write(f"fn main() -> std::process::ExitCode {{ migrate_core::cli::main(bench_migrations_{n}::MIGRATIONS) }}\n")

version = "CREATE TABLE floor_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);\n"
with open(os.path.join(crate, "floor.sql"), "w") as f:
    f.write(version)
    for i, rev in enumerate(ids):
        body = "".join(s + ";\n" for s in up(i))
        f.write(f"BEGIN;\n{body}INSERT INTO floor_version VALUES ('{rev}');\nCOMMIT;\n")
with open(os.path.join(crate, "floor-single.sql"), "w") as f:
    f.write(version + "BEGIN;\n")
    for i, rev in enumerate(ids):
        f.write("".join(s + ";\n" for s in up(i)))
        f.write(f"INSERT INTO floor_version VALUES ('{rev}');\n")
    f.write("COMMIT;\n")
with open(os.path.join(crate, "floor-down.sql"), "w") as f:
    for i in reversed(range(n)):
        body = "".join(s + ";\n" for s in down(i))
        f.write(f"BEGIN;\n{body}DELETE FROM floor_version WHERE version_num = '{ids[i]}';\nCOMMIT;\n")

sqlx = os.path.join(crate, "peers", "sqlx")
refinery = os.path.join(crate, "peers", "refinery")
os.makedirs(sqlx, exist_ok=True)
os.makedirs(refinery, exist_ok=True)
for i in range(n):
    for path, stmts in [(os.path.join(sqlx, f"{i + 1:04}_m{i}.up.sql"), up(i)),
                        (os.path.join(sqlx, f"{i + 1:04}_m{i}.down.sql"), down(i)),
                        (os.path.join(refinery, f"V{i + 1}__m{i}.sql"), up(i))]:
        with open(path, "w") as f:
            f.write("".join(s + ";\n" for s in stmts))
