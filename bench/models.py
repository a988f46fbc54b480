#!/usr/bin/env python3
"""Prints N #[derive(Model)] structs for the benchmarks (bench/models-500.sh,
bench/autogenerate-live.sh): `bench/models.py N [--added]`. Each has 6 columns (auto-increment
key, varchar with a default, integer with an index, text, a nullable self-reference with ON
DELETE CASCADE), a CHECK and a UNIQUE; `--added` gives each one more column (`added`, bigint,
default 0). The caller writes the `use` lines."""
import sys

n = int(sys.argv[1])
added = "    #[model(default = \"0\")]\n    pub added: i64,\n" if "--added" in sys.argv[2:] else ""
for i in range(n):
    print(f'''#[derive(Model)]
#[model(table = "t{i}", check(name = "ck_t{i}_n", expr = "n > 0"), unique(columns = ["name"]))]
pub struct T{i} {{
    #[model(primary_key, auto_increment)]
    pub id: i32,
    #[model(max_length = 100, default = "'x'")]
    pub name: String,
    #[model(index)]
    pub n: Option<i32>,
    pub note: Option<String>,
    #[model(references = "t{i}.id", on_delete = "cascade")]
    pub parent: Option<i32>,
{added}}}
''')
