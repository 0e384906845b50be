#!/usr/bin/env python3
"""pg_workers.py — ingest rate with 1, 2 and 4 `ingest` workers on one
PostgreSQL store (a private server, tests/pgserver.py), what each worker's
catch-up costs, and what `reconcile` costs afterwards.

The generated corpus is dealt round-robin between the workers, which run at
once with --batch B. The catch-up's statements are read from the server's
pg_stat_statements: the mark (two index maxima, twice a batch: at begin and
before commit), the stories above the mark (rows: the other workers'
stories read) and the writers' log above it.

usage: pg_workers.py NEWSPRINT GEN_CORPUS [--stories N] [--batch B] [--workers 1,2,4]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import nptest  # noqa: E402
from pgserver import PgServer  # noqa: E402

SEED = 1
# The writers' lock (its time is the time waited for it) and the catch-up's
# statements, by a part of their text as pg_stat_statements keeps it
# (store/postgresql/pg.c, writers.c and stories.c).
CATCH_UP = {
    "writers' lock": "%pg_advisory_xact_lock%",
    "mark": "%max(seq)%",
    "stories since": "%WHERE f.sid >%",
    "log since": "%FROM writer_log WHERE seq >%",
}


def stat(pg, db, pattern):
    rows = pg.psql("SELECT coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0),"
                   " coalesce(sum(rows), 0) FROM pg_stat_statements s JOIN pg_database d"
                   f" ON d.oid = s.dbid WHERE d.datname = '{db}'"
                   f" AND s.query LIKE '{pattern}'")
    calls, ms, n = rows[0]
    return int(calls), float(ms), int(n)


def run(prog, pg, lines, n, batch, tmp):
    db = f"w{n}"
    pg.createdb(db)
    url = pg.url(database=db)
    paths = []
    for i in range(n):
        paths.append(os.path.join(tmp, f"w{n}-{i}.jsonl"))
        with open(paths[-1], "wb") as f:
            f.writelines(lines[i::n])
    pg.psql("SELECT pg_stat_statements_reset()")
    clock = time.time()
    procs = [subprocess.Popen([prog, "ingest", "--batch", str(batch), "--db", url, p],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for p in paths]
    for p in procs:
        if p.wait() != 0:
            sys.exit(f"a worker failed: {p.stderr.read().decode()}")
    wall = time.time() - clock
    costs = {name: stat(pg, db, pattern) for name, pattern in CATCH_UP.items()}
    clock = time.time()
    rc, _, err = nptest.run(prog, "reconcile", "--db", url)
    reconcile = time.time() - clock
    print(f"{n} worker(s): {len(lines)} stories in {wall:.1f} s, {len(lines) / wall:.0f} stories/s;"
          f" reconcile {reconcile:.1f} s ({err.strip()})")
    for name, (calls, ms, rows) in costs.items():
        print(f"    {name:14} {calls:6d} calls {ms:9.1f} ms in all {ms / max(calls, 1):7.3f} ms each"
              f" {rows:8d} rows")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prog")
    ap.add_argument("gen")
    ap.add_argument("--stories", type=int, default=30000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--workers", default="1,2,4")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="np-pg-workers-")
    corpus = nptest.gen_corpus(a.gen, tmp, a.stories, SEED)
    lines = nptest.canonical_lines(corpus)
    settings = {"shared_preload_libraries": "pg_stat_statements"}
    with PgServer(settings=settings) as pg:
        pg.psql("CREATE EXTENSION pg_stat_statements")
        for n in (int(x) for x in a.workers.split(",")):
            run(a.prog, pg, lines, n, a.batch, tmp)


if __name__ == "__main__":
    main()
