#!/usr/bin/env python3
"""test_migrate.py — `newsprint migrate` copies a store between SQLite and PostgreSQL.

Usage: test_migrate.py NEWSPRINT GEN_CORPUS SOURCE_ROOT [STORIES]

On the bundled sample and on STORIES generated stories (default 10,000), each with and without
--passages: the first part of the stories is ingested into a SQLite store A, which is copied SQLite ->
SQLite (B) and SQLite -> PostgreSQL (P) -> SQLite (C). Each copy's `report` in every format
equals A's, and the summary line counts A's stories; then the rest of the stories is ingested
into all four, each copy's index rebuilt from what was copied: the decisions (`ingest --json`)
and the final reports equal A's.

Then the refusals, each exit 2 with its exact message: a non-empty target (SQLite and
PostgreSQL), a missing source (a SQLite file, an empty PostgreSQL database; no target made),
an unknown scheme, an unreachable server as source or target and a bad connection option (the
URL's password masked in each), no --to, stores whose tables differ. A copy killed after its first
progress line at a terminal leaves the target empty (SQLite and PostgreSQL): a second copy
into it is accepted and gives A's report. A private PostgreSQL server (tests/pgserver.py)
serves the test.
"""
import os
import pty
import signal
import shutil
import sqlite3
import subprocess
import sys

import nptest
import pgserver
from pgserver import PgServer

FORMATS = ["json", "csv", "md", "html"]
# Stories of the generated corpus by default; the first FIRST_SHARE of them are stored
# before the copy, the rest after it.
GENERATED = 10000
FIRST_SHARE = 0.8
SEED = 22


class Migrate(nptest.Suite):
    def __init__(self, prog, gen, root, pg):
        super().__init__("test_migrate")
        self.prog, self.gen, self.root, self.pg = prog, gen, root, pg
        self.n_databases = 0

    def run(self, *args):
        return nptest.run(self.prog, *args)

    def new_pg(self):
        """The URL of a new, empty database on the test server."""
        self.n_databases += 1
        name = f"copy{self.n_databases}"
        self.pg.createdb(name)
        return self.pg.url(database=name)

    def ingest(self, db, inputs, passages, json=False):
        args = ["ingest", "--db", db] + (["--passages"] if passages else [])
        rc, out, err = self.run(*args, *(["--json"] if json else []), *inputs)
        self.check(rc in (0, 1), f"ingest into {db}: {rc} {err}")
        return out

    def reports(self, db):
        got = {}
        for fmt in FORMATS:
            rc, out, err = self.run("report", "--db", db, "--format", fmt)
            self.eq(rc, 0, f"report --format {fmt} on {db}: {err}")
            got[fmt] = out
        return got

    def migrate(self, src, dst, stories):
        rc, _, err = self.run("migrate", "--from", src, "--to", dst)
        self.eq(rc, 0, f"migrate {src} -> {dst}: {err}")
        line = err.strip().splitlines()[-1] if err.strip() else ""
        self.check(line.startswith("migrate: copied 11 tables, ") and
                   f" rows, {stories} stories in " in line, f"summary line: {line!r}")

    def same_reports(self, want, db, what):
        got = self.reports(db)
        for fmt in FORMATS:
            self.check(got[fmt] == want[fmt] and want[fmt], f"{what}: report --format {fmt}")


def stories_in(path):
    return nptest.query(path, "SELECT count(*) FROM stories")[0][0]


def copies(s, name, first, rest, passages):
    """A, its copies B (SQLite), P (PostgreSQL) and C (from P): equal reports, then equal
    decisions and reports after ingesting the rest into each."""
    tag = f"{name}{'-passages' if passages else ''}"
    a, b, c = (s.path(f"{tag}-{x}.db") for x in "abc")
    p = s.new_pg()
    s.ingest(a, first, passages)
    n = stories_in(a)
    s.check(n > 0, f"{tag}: stories stored in A")
    want = s.reports(a)
    s.migrate(a, b, n)
    s.same_reports(want, b, f"{tag}: SQLite -> SQLite")
    s.migrate(a, p, n)
    s.same_reports(want, p, f"{tag}: SQLite -> PostgreSQL")
    s.migrate(p, c, n)
    s.same_reports(want, c, f"{tag}: SQLite -> PostgreSQL -> SQLite")
    decided = s.ingest(a, rest, passages, json=True)
    s.check(decided.count("\n") > 0, f"{tag}: decisions of the rest")
    final = s.reports(a)
    for db, what in ((b, "B"), (p, "P"), (c, "C")):
        s.eq(s.ingest(db, rest, passages, json=True), decided,
             f"{tag}: decisions of the rest on the copy {what}")
        s.same_reports(final, db, f"{tag}: the copy {what} after ingesting the rest")
    return a


def generated_parts(s, stories):
    corpus = nptest.gen_corpus(s.gen, s.tmp, stories, SEED)
    first_n = int(stories * FIRST_SHARE)
    with open(corpus, encoding="utf-8") as f:
        lines = f.readlines()
    first, rest = s.path("first.jsonl"), s.path("rest.jsonl")
    with open(first, "w", encoding="utf-8") as f:
        f.writelines(lines[:first_n])
    with open(rest, "w", encoding="utf-8") as f:
        f.writelines(lines[first_n:])
    return [first], [rest]


def refused(s, args, want, what):
    rc, out, err = s.run("migrate", *args)
    s.eq((rc, out, err), (2, "", want), what)


def refusals(s, a):
    b = s.path("refusals-b.db")
    s.migrate(a, b, stories_in(a))
    n = stories_in(a)
    refused(s, ["--from", a, "--to", b],
            f"newsprint migrate: {b}: not empty (it holds {n} stories): migrate copies into "
            "a new or empty store only\n", "a SQLite target holding stories")
    p = s.new_pg()
    s.migrate(a, p, n)
    refused(s, ["--from", b, "--to", p],
            f"newsprint migrate: {p}: not empty (it holds {n} stories): migrate copies into "
            "a new or empty store only\n", "a PostgreSQL target holding stories")
    missing, target = s.path("missing.db"), s.path("never-made.db")
    refused(s, ["--from", missing, "--to", target],
            f"newsprint migrate: {missing}: no such store (run 'newsprint ingest' first)\n",
            "a missing source")
    s.check(not os.path.exists(target), "a missing source makes no target")
    refused(s, ["--from", a, "--to", "mongodb://u:secret@x/y"],
            "newsprint migrate: mongodb://u:***@x/y: no store backend for the scheme "
            "'mongodb' (a store is a SQLite file: give its path; or a postgresql:// URL)\n", "an unknown scheme")
    empty_pg = s.new_pg()
    refused(s, ["--from", empty_pg, "--to", target],
            f"newsprint migrate: {empty_pg}: no such store (run 'newsprint ingest' first)\n",
            "a PostgreSQL source with no store in it")
    s.check(not os.path.exists(target), "a missing PostgreSQL source makes no target")
    port = pgserver.free_port()
    bad = f"postgresql://u:secret@127.0.0.1:{port}/x"
    shown = f"postgresql://u:***@127.0.0.1:{port}/x"
    unreachable = (f"cannot connect to the store: connection to server at \"127.0.0.1\", "
                   f"port {port} failed: Connection refused\n")
    refused(s, ["--from", a, "--to", bad], f"newsprint migrate: {shown}: {unreachable}",
            "an unreachable target, its password masked")
    refused(s, ["--from", bad, "--to", target], f"newsprint migrate: {shown}: {unreachable}",
            "an unreachable source, its password masked")
    s.check(not os.path.exists(target), "an unreachable source makes no target")
    refused(s, ["--from", a, "--to", bad + "?connect_timeout=soon"],
            f"newsprint migrate: {shown}?connect_timeout=soon: cannot connect to the store: "
            f"connection to server at \"127.0.0.1\", port {port} failed: invalid integer value "
            "\"soon\" for connection option \"connect_timeout\"\n", "a bad connection option")
    refused(s, ["--from", a], "newsprint migrate: give both --from STORE and --to STORE\n"
            "(see 'newsprint migrate --help')\n", "no --to")
    differing_tables(s, a)
    older_source(s, a)


def differing_tables(s, a):
    """An empty target whose table words has a column more is refused, naming it."""
    d = s.path("other-columns.db")
    src = sqlite3.connect(f"file:{a}?mode=ro", uri=True)
    schema = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE sql NOT NULL")]
    src.close()
    con = sqlite3.connect(d)
    for sql in schema:
        con.execute(sql)
    con.execute("ALTER TABLE words ADD COLUMN extra INTEGER")
    con.commit()
    con.close()
    refused(s, ["--from", a, "--to", d],
            f"newsprint migrate: the stores' schemas differ: the table 'words' has other "
            f"columns in {a} than in {d}\n", "tables that differ")


def older_source(s, a):
    """A store made before the boilerplate and writers' log tables (as they are dropped here)
    is copied, the new tables left empty, and reports as the store it was made from."""
    old = s.path("older.db")
    shutil.copy(a, old)
    con = sqlite3.connect(old)
    con.execute("DROP TABLE boilerplate")
    con.execute("DROP TABLE writer_log")
    con.commit()
    con.close()
    want = s.reports(old)
    dst = s.path("older-copy.db")
    rc, _, err = s.run("migrate", "--from", old, "--to", dst)
    s.eq(rc, 0, f"a store without the newer tables is copied: {err}")
    s.check(err.strip().splitlines()[-1].startswith("migrate: copied 10 tables, "),
            f"the tables it has are copied: {err!r}")
    s.same_reports(want, dst, "the older store's copy")


def killed_copy(s, a, dst, empty):
    """Kills a copy into dst after its first progress line (at a terminal); then dst must be
    empty (empty(dst)) and take a whole copy."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([s.prog, "migrate", "--from", a, "--to", dst],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while b" rows, " not in seen:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    os.close(master)
    s.check(seen.startswith(b"\rmigrate: ") and b" rows, " in seen,
            f"a progress line at a terminal: {seen[:200]!r}")
    s.eq(proc.returncode, -signal.SIGKILL, f"the copy into {dst} was killed mid-way")
    s.check(empty(dst), f"a killed copy leaves {dst} empty")
    s.migrate(a, dst, stories_in(a))
    s.same_reports(s.reports(a), dst, f"a copy into {dst} after a killed one")


def sqlite_empty(path):
    rows = nptest.query(path, "SELECT (SELECT count(*) FROM stories) + "
                              "(SELECT count(*) FROM meta) + (SELECT count(*) FROM passages)")
    return rows[0][0] == 0


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    prog, gen, root = sys.argv[1:4]
    stories = int(sys.argv[4]) if len(sys.argv) == 5 else GENERATED
    with PgServer() as pg:
        s = Migrate(prog, gen, root, pg)
        sample = os.path.join(root, "data", "sample")
        sample_parts = ([os.path.join(sample, "pages")], [os.path.join(sample, "stories.jsonl")])
        for passages in (False, True):
            copies(s, "sample", *sample_parts, passages)
        first, rest = generated_parts(s, stories)
        copies(s, "generated", first, rest, False)
        big = copies(s, "generated", first, rest, True)
        refusals(s, big)
        killed_copy(s, big, s.path("killed.db"), sqlite_empty)

        def pg_empty(url):
            name = url.rsplit("/", 1)[1]
            return pg.psql("SELECT (SELECT count(*) FROM stories) + (SELECT count(*) FROM meta)",
                           database=name) == [("0",)]
        killed_copy(s, big, s.new_pg(), pg_empty)
        return s.done()


if __name__ == "__main__":
    sys.exit(main())
