"""Differential-test driver: runs real Alembic (its ScriptDirectory and offline --sql mode)
on many revision graphs in one process.

Input (stdin): one JSON object per line, a graph and the questions to ask about it:
  {"n": 7, "revs": [{"id": "a1", "down": [], "deps": [], "labels": [], "msg": "..."}],
   "cases": [["upgrade", ["a1"], "head"], ...], "ranges": [["", "heads"], ...]}
Output (stdout), per graph, line-oriented so the Rust side needs no JSON parser:
  G <n>
  LOAD ok | LOAD ERR <message>
  HEADS <ids, sorted>            (alembic heads)
  RHEADS <ids, sorted>           (alembic heads --resolve-dependencies)
  BRANCHES <ids, history order>  (alembic branches)
  HISTORY <ids, history order>   (alembic history)
  RANGE <i> OK <ids> | RANGE <i> ERR <kind>     (alembic history -r start:end)
  CASE <i> OK <op> <op> ... => <heads after, sorted> | CASE <i> ERR <kind> <message>
  END
where <op> is insert:ID, delete:ID or update:FROM>TO, parsed from the SQL that
`alembic upgrade/downgrade/stamp --sql` writes for the alembic_version table.
"""
import io
import json
import os
import re
import shutil
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

ENV_PY = '''
from alembic import context
config = context.config
context.configure(url="sqlite://", literal_binds=True,
                  output_buffer=config.attributes["buf"])
with context.begin_transaction():
    context.run_migrations()
'''

INSERT = re.compile(r"INSERT INTO alembic_version \(version_num\) VALUES \('([^']*)'\)")
UPDATE = re.compile(
    r"UPDATE alembic_version SET version_num='([^']*)' WHERE alembic_version.version_num = '([^']*)'")
DELETE = re.compile(r"DELETE FROM alembic_version WHERE alembic_version.version_num = '([^']*)'")


def kind(message):
    m = message
    if "Multiple revisions start with" in m:
        return "ambiguous"
    if "Multiple head revisions are present" in m or "Multiple heads are present" in m:
        return "multiple_heads"
    if "Multiple revisions start with" in m:
        return "ambiguous"  # Alembic's CLI prints "Can't locate"; the cause says why
    if "Can't locate revision" in m or "No such revision or branch" in m:
        return "unknown"
    if "not a valid upgrade target" in m or "not a valid downgrade target" in m:
        return "direction"
    if "Relative revision" in m and "didn't produce" in m:
        return "out_of_range"
    if "is not an ancestor of" in m or "does not refer to ancestor" in m:
        return "not_ancestor"
    return "other"


def write_project(root, revs):
    versions = os.path.join(root, "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for r in revs:
        down = r["down"]
        down = None if not down else (down[0] if len(down) == 1 else tuple(down))
        deps = tuple(r["deps"]) or None
        labels = tuple(r["labels"]) or None
        with open(os.path.join(versions, r["id"] + "_.py"), "w") as f:
            f.write('"""%s\n"""\n' % r.get("msg", ""))
            f.write("revision = %r\ndown_revision = %r\n" % (r["id"], down))
            f.write("branch_labels = %r\ndepends_on = %r\n" % (labels, deps))
            f.write("def upgrade():\n    pass\n\ndef downgrade():\n    pass\n")


def offline(cfg, script, cmd, current, target):
    buf = io.StringIO()
    cfg.attributes["buf"] = buf
    if cmd == "upgrade":
        fn = lambda rev, ctx: script._upgrade_revs(target, rev)
    elif cmd == "downgrade":
        fn = lambda rev, ctx: script._downgrade_revs(target, rev)
    else:
        dest = tuple(target.split())
        dest = dest[0] if len(dest) == 1 else dest
        fn = lambda rev, ctx: script._stamp_revs(dest, rev)
    with EnvironmentContext(cfg, script, fn=fn, as_sql=True,
                            starting_rev=tuple(current) or None,
                            destination_rev=target, tag=None):
        script.run_env()
    ops = []
    heads = set(current)
    for stmt in buf.getvalue().replace("-- Running", ";|;").split(";"):
        stmt = " ".join(stmt.split())
        if stmt == "|":
            if ops:
                ops.append("|")
            continue
        m = INSERT.search(stmt)
        if m:
            ops.append("insert:" + m.group(1))
            heads.add(m.group(1))
            continue
        m = UPDATE.search(stmt)
        if m:
            ops.append("update:%s>%s" % (m.group(2), m.group(1)))
            heads.discard(m.group(2))
            heads.add(m.group(1))
            continue
        m = DELETE.search(stmt)
        if m:
            ops.append("delete:" + m.group(1))
            heads.discard(m.group(1))
    return ops, sorted(heads)


def one(line, out):
    g = json.loads(line)
    out.append("G %s" % g["n"])
    root = tempfile.mkdtemp(prefix="alembic-diff-")
    try:
        write_project(root, g["revs"])
        cfg = Config()
        cfg.set_main_option("script_location", root)
        try:
            script = ScriptDirectory.from_config(cfg)
            rmap = script.revision_map
            history = list(script.walk_revisions())
        except Exception as e:
            out.append("LOAD ERR %s" % " ".join(str(e).split()))
            return
        out.append("LOAD ok")
        out.append("HEADS " + " ".join(sorted(script.get_heads())))
        out.append("RHEADS " + " ".join(sorted(r.revision for r in script.get_revisions("heads"))))
        out.append("BRANCHES " + " ".join(sc.revision for sc in history if sc.is_branch_point))
        out.append("HISTORY " + " ".join(sc.revision for sc in history))
        for i, (start, end) in enumerate(g.get("ranges", [])):
            try:
                revs = [sc.revision for sc in script.walk_revisions(base=start or "base", head=end or "heads")]
                out.append("RANGE %d OK %s" % (i, " ".join(revs)))
            except CommandError as e:
                cause = str(e.__cause__ or "")
                out.append("RANGE %d ERR %s" % (i, kind(cause + " " + str(e))))
            except Exception as e:
                out.append("RANGE %d ERR crash" % i)
        for i, (cmd, current, target) in enumerate(g["cases"]):
            try:
                ops, heads = offline(cfg, script, cmd, current, target)
                out.append("CASE %d OK %s => %s" % (i, " ".join(ops), ",".join(heads)))
            except CommandError as e:
                msg = " ".join(str(e).split())
                cause = " ".join(str(e.__cause__ or "").split())
                out.append("CASE %d ERR %s %s" % (i, kind(cause + " " + msg), msg))
            except Exception as e:
                # Not one of Alembic's errors: an internal failure (e.g. a KeyError).
                msg = " ".join(str(e).split())
                out.append("CASE %d ERR crash %s: %s" % (i, type(e).__name__, msg))
    finally:
        shutil.rmtree(root, ignore_errors=True)
        out.append("END")


def main():
    for line in sys.stdin:
        if line.strip():
            out = []
            one(line, out)
            sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
