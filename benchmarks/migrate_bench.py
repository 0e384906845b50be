#!/usr/bin/env python3
"""migrate_bench.py — how fast `newsprint migrate` copies a store, each way.

Usage: migrate_bench.py NEWSPRINT STORE.db... [--rounds N]

For each SQLite store given: SQLite -> SQLite, SQLite -> PostgreSQL and PostgreSQL -> SQLite,
each into a new store, N rounds (default 2). Prints one line a copy: wall, user and system
seconds (/usr/bin/time), the rows and stories the summary line counts, and rows and stories a
second; then checks that `report --format json` of each copy equals the source's. The
PostgreSQL server is a private one (tests/pgserver.py) with the durability settings of a real
server (fsync, synchronous_commit and full_page_writes on), on its Unix socket.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from pgserver import PgServer  # noqa: E402

DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
SUMMARY = re.compile(r"copied \d+ tables, (\d+) rows, (\d+) stories")


def timed_copy(prog, src, dst):
    """(wall, user, sys, rows, stories) of one copy."""
    p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S", prog, "migrate", "--from", src,
                        "--to", dst], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"migrate {src} -> {dst} failed: {p.stderr}")
    lines = p.stderr.strip().splitlines()
    wall, user, system = (float(x) for x in lines[-1].split())
    rows, stories = (int(x) for x in SUMMARY.search(p.stderr).groups())
    return wall, user, system, rows, stories


def report(prog, db):
    return subprocess.run([prog, "report", "--db", db, "--format", "json"], capture_output=True,
                          check=True).stdout


def main():
    args = sys.argv[1:]
    rounds = 2
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i:i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    prog, stores = args[0], args[1:]
    tmp = tempfile.mkdtemp(prefix="np-migrate-bench-")
    with PgServer(settings=DURABLE) as pg:
        n = 0
        for store in stores:
            want = report(prog, store)
            for r in range(rounds):
                n += 1
                pg.createdb(f"bench{n}")
                url = pg.socket_url(database=f"bench{n}")
                copies = [("SQLite -> SQLite", store, os.path.join(tmp, f"s{n}.db")),
                          ("SQLite -> PostgreSQL", store, url),
                          ("PostgreSQL -> SQLite", url, os.path.join(tmp, f"p{n}.db"))]
                for what, src, dst in copies:
                    wall, user, system, rows, stories = timed_copy(prog, src, dst)
                    same = report(prog, dst) == want
                    print(f"{os.path.basename(store)} round {r + 1}: {what}: {wall:.2f} s wall, "
                          f"{user:.2f} user, {system:.2f} sys; {rows} rows, {stories} stories: "
                          f"{rows / wall:,.0f} rows/s, {stories / wall:,.0f} stories/s; "
                          f"report {'identical' if same else 'DIFFERS'}", flush=True)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
