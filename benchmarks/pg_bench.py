#!/usr/bin/env python3
"""pg_bench.py BUILD [--stories N ...] — the PostgreSQL store against the
SQLite store on one generated corpus each (benchmarks/README.md, "The
PostgreSQL store"): ingest with one writer, alternating the two stores
round by round; bytes per story (pg_total_relation_size summed over the
store's tables, and the SQLite file); check latency (bench_check) against
each store. The server is private (tests/pgserver.py), with durable commits
(fsync and synchronous_commit on, as a store in use would run).

usage: benchmarks/pg_bench.py build-release --stories 10000 100000 --rounds 2
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import nptest  # noqa: E402
from pgserver import PgServer  # noqa: E402

# Durable, as a store in use runs; a larger cache than the tests' server.
SETTINGS = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on",
            "shared_buffers": "256MB"}
SEED = 1
CHECKS = 2000  # stories bench_check decides, each under a fresh id


def ingest(build, db, path, extra):
    """Wall seconds of one ingest, and its summary line."""
    t = time.monotonic()
    p = subprocess.run([os.path.join(build, "newsprint"), "ingest", "--db", db, *extra, path],
                       capture_output=True, text=True)
    wall = time.monotonic() - t
    line = [x for x in p.stderr.splitlines() if x.startswith("ingest: read")]
    if p.returncode != 0 or not line:
        raise RuntimeError(p.stderr[-500:])
    return wall, line[0]


def pg_bytes(pg, db):
    sql = ("SELECT sum(pg_total_relation_size(c.oid)), (SELECT count(*) FROM stories)"
           " FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace")
    total, n = pg.psql(sql, database=db)[0]
    return int(total), int(n)


def sqlite_bytes(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))


def check_latency(build, db, path):
    p = subprocess.run([os.path.join(build, "benchmarks", "bench_check"), db, path, str(CHECKS)],
                       capture_output=True, text=True)
    return " ".join(p.stdout.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--stories", type=int, nargs="+", default=[10000])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--passages", action="store_true")
    a = ap.parse_args()
    extra = ["--passages"] if a.passages else []
    tmp = tempfile.mkdtemp(prefix="np-pgbench-")
    with PgServer(settings=SETTINGS) as pg:
        for n in a.stories:
            path = nptest.gen_corpus(os.path.join(a.build, "benchmarks", "gen_corpus"), tmp, n,
                                     SEED)
            for r in range(a.rounds):
                name = f"s{n}r{r}"
                sq = os.path.join(tmp, name + ".db")
                pg.createdb(name)
                url = pg.url(database=name)
                order = [("sqlite", sq), ("postgresql", url)]
                for kind, db in order if r % 2 == 0 else order[::-1]:
                    wall, line = ingest(a.build, db, path, extra)
                    print(f"{n} round {r} {kind}: {wall:.2f} s, {n / wall:.0f} stories/s; {line}",
                          flush=True)
            total, stored = pg_bytes(pg, name)
            print(f"{n} postgresql: {total} bytes, {stored} stories, {total / stored:.0f} bytes/story")
            print(f"{n} sqlite: {sqlite_bytes(sq)} bytes, {sqlite_bytes(sq) / stored:.0f} bytes/story")
            for kind, db in (("sqlite", sq), ("postgresql", url)):
                print(f"{n} check {kind}: {check_latency(a.build, db, path)}", flush=True)
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
