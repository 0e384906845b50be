#!/usr/bin/env python3
"""test_postgresql.py NEWSPRINT GEN_CORPUS STORIES — the PostgreSQL store
against the SQLite store, on a private server (tests/pgserver.py).

- Parity: the same input ingested into a SQLite file and into a PostgreSQL
  database gives byte-identical `ingest --json` decisions and `report` (JSON
  and CSV), on the bundled sample and on STORIES generated stories, with and
  without --passages.
- check, compare, links and forget answer against the PostgreSQL store exactly as
  against the SQLite store.
- Bad connection strings (a malformed URL, no server at the port, an unknown
  database) and a wrong password: one line naming the store, its password
  masked, and exit status 2. A second writer is refused while one writes.
- Failures from the server (a trigger that raises, on a write and at
  commit, and on the word counts held until commit): ingest stops with the
  server's message, the store keeps exactly the batches committed before
  (every story with its fingerprint, no posting or derivation of a story it
  does not hold), and the rest ingested afterwards gives the clean report.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nptest  # noqa: E402
from pgserver import PgServer, free_port  # noqa: E402

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "sample")
# Stories a write transaction takes in the failure tests: small, so that a
# failure falls after several committed batches.
BATCH = 8


class Stores:
    """A fresh database (and a fresh SQLite file) per name."""

    def __init__(self, t, pg):
        self.t, self.pg = t, pg

    def pg_url(self, name):
        self.pg.createdb(name)
        return self.pg.url(database=name)

    def sqlite(self, name):
        return self.t.path(name + ".db")


def ingest_and_report(prog, db, inputs, extra):
    """(ingest's exit status and decisions, report JSON, report CSV)."""
    rc, out, err = nptest.run(prog, "ingest", "--db", db, "--json", *extra, *inputs)
    reports = [nptest.run(prog, "report", "--db", db, "--format", f)[1] for f in ("json", "csv")]
    return (rc, out), reports[0], reports[1], err


def test_parity(t, prog, stores, name, inputs, extra):
    """The same input into both backends: identical decisions and reports."""
    label = f"{name} {' '.join(extra)}".strip()
    want = ingest_and_report(prog, stores.sqlite(name), inputs, extra)
    got = ingest_and_report(prog, stores.pg_url(name), inputs, extra)
    # (exit status 1: the sample holds one id twice, skipped the second time)
    t.check(want[0][0] in (0, 1) and want[0][1].count("\n") > 10, f"{label}: SQLite ingests")
    t.check(json.loads(want[1]).get("clusters"), f"{label}: the report has clusters")
    t.eq(got[0], want[0], f"{label}: ingest --json decisions ({got[3][-300:]})")
    t.check(got[1] == want[1], f"{label}: report --format json identical")
    t.check(got[2] == want[2], f"{label}: report --format csv identical")


def sample_ids(prog, db):
    """The stored ids of the sample, from its report's clusters."""
    rep = json.loads(nptest.run(prog, "report", "--db", db, "--format", "json")[1])
    ids = []
    for c in rep["clusters"]:
        ids += [m["id"] for m in c["members"]]
    return ids


def halves(t, corpus):
    """The first and the second half of a JSON Lines file, as two files."""
    with open(corpus, encoding="utf-8") as f:
        lines = f.readlines()
    paths = [t.path("first.jsonl"), t.path("second.jsonl")]
    for path, part in zip(paths, (lines[:len(lines) // 2], lines[len(lines) // 2:])):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(part)
    return paths


def untimed(run):
    """A run's (status, stdout, stderr) without the summary's timing."""
    return run[0], run[1], re.sub(r" in [0-9.]+ s$", "", run[2], flags=re.M)


def test_commands(t, prog, stores, corpus):
    """check, compare and links: the same answers from either store."""
    sq, pg = stores.sqlite("cmd"), stores.pg_url("cmd")
    first, second = halves(t, corpus)
    for db in (sq, pg):
        nptest.run(prog, "ingest", "--db", db, "--passages", SAMPLE, first)
    ids = sample_ids(prog, sq)
    t.check(len(ids) >= 4, f"the sample's clustered ids: {ids}")
    runs = [["check", second], ["compare", ids[0], ids[1]], ["compare", ids[0], ids[-1]],
            ["links", *ids], ["links", "no-such-story"]]
    for args in runs:
        want = untimed(nptest.run(prog, args[0], "--db", sq, *args[1:]))
        got = untimed(nptest.run(prog, args[0], "--db", pg, *args[1:]))
        t.check(want[1] or want[2], f"{args[0]}: answers something")
        t.eq(got, want, f"{' '.join(args)[:60]}: as with SQLite")
    for db in (sq, pg):
        nptest.run(prog, "forget", "--db", db, ids[0])
    reports = [nptest.run(prog, "report", "--db", db, "--format", "json")[1] for db in (sq, pg)]
    t.check(reports[0] == reports[1] and ids[0] not in reports[1],
            "forget: the same report afterwards, without the story")
    check = untimed(nptest.run(prog, "check", "--db", pg, second))[1]
    t.check('"status":"near-duplicate"' in check, "check finds copies of stored stories")


def test_bad_connections(t, prog, stores, pg, port):
    """One line naming the store (password masked) and exit status 2."""
    closed = f"postgresql://postgres:hunter2@127.0.0.1:{port}/newsprint"
    cases = [
        ("postgresql://postgres@127.0.0.1:notaport/newsprint",
         'cannot connect to the store: invalid integer value "notaport" for connection '
         'option "port"'),
        ("postgres://u:hunter2@[::1/newsprint",
         'cannot connect to the store: end of string reached when looking for matching "]" '
         'in IPv6 host address in URI: "postgres://u:***@[::1/newsprint"'),
        (closed, f'cannot connect to the store: connection to server at "127.0.0.1", port '
                 f'{port} failed: Connection refused'),
        (stores.pg.url(database="nosuchdb"),
         f'cannot connect to the store: connection to server at "127.0.0.1", port '
         f'{stores.pg.port} failed: database "nosuchdb" does not exist'),
        (pg.url(password="wrong"),
         f'cannot connect to the store: connection to server at "127.0.0.1", port {pg.port} '
         'failed: password authentication failed for user "postgres"'),
        (pg.url(password="wrong") + "?password=hunter2",
         f'cannot connect to the store: connection to server at "127.0.0.1", port {pg.port} '
         'failed: password authentication failed for user "postgres"'),
        (pg.url(password="wrong") + "?sslmode=disable&password=hunter2",
         f'cannot connect to the store: connection to server at "127.0.0.1", port {pg.port} '
         'failed: password authentication failed for user "postgres"'),
    ]
    for where, reason in cases:
        shown = where.replace("hunter2", "***").replace(":wrong@", ":***@")
        for cmd in (["ingest", "--db", where, SAMPLE], ["report", "--db", where],
                    ["check", "--db", where, SAMPLE]):
            rc, out, err = nptest.run(prog, *cmd)
            t.eq((rc, out, err), (nptest.EXIT_USAGE, "", f"newsprint {cmd[0]}: {shown}: {reason}\n"),
                 f"bad connection: {cmd[0]} {where}")
    # the right password, from the environment as libpq reads it
    env = dict(os.environ, PGPASSWORD="s3cret")
    p = subprocess.run([prog, "ingest", "--db", pg.url(), SAMPLE], capture_output=True, env=env)
    t.check(b"stored 21 " in p.stderr, f"PGPASSWORD: {p.stderr.decode()[-200:]}")


def test_no_store(t, prog, stores):
    """A database without newsprint's tables is no store to read, and a
    second writer is refused while one writes."""
    url = stores.pg_url("empty")
    rc, _, err = nptest.run(prog, "report", "--db", url)
    t.eq((rc, err), (nptest.EXIT_USAGE, f"newsprint report: {url}: no such store (run "
                     "'newsprint ingest' first)\n"), "an empty database")
    holder = subprocess.Popen([os.path.join(stores.pg.bin, "psql"), "-X", "-q", "-d", url],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    holder.stdin.write("SELECT pg_advisory_lock(7954895654511339886);\n\\echo held\n")
    holder.stdin.flush()
    holder.stdout.readline()
    rc, _, err = nptest.run(prog, "ingest", "--db", url, SAMPLE)
    t.eq((rc, err), (nptest.EXIT_USAGE, f"newsprint ingest: {url} is being written by another "
                     "process: a store takes one writer at a time; wait for it to end\n"),
         "a second writer")
    holder.stdin.close()
    holder.wait()
    rc, _, err = nptest.run(prog, "ingest", "--db", url, SAMPLE)
    t.check("stored 21 " in err, f"the writer's lock is let go with its session: {err[-200:]}")


def count(pg, db, sql):
    return int(pg.psql(sql, database=db)[0][0])


def held_consistent(t, pg, db, label):
    """Every stored story has its fingerprint, and nothing refers to a story
    the store does not hold."""
    checks = {
        "stories without a fingerprint": "SELECT count(*) FROM stories s WHERE NOT EXISTS"
                                         " (SELECT 1 FROM fingerprints f WHERE f.sid = s.sid)",
        "postings of no story": "SELECT count(*) FROM passages p WHERE NOT EXISTS"
                                " (SELECT 1 FROM stories s WHERE s.sid = p.sid)",
        "word keys of no story": "SELECT count(*) FROM word_keys k WHERE NOT EXISTS"
                                 " (SELECT 1 FROM stories s WHERE s.sid = k.sid)",
        "bodies counted but not stored": "SELECT (SELECT coalesce(sum(df), 0) FROM words"
                                         " WHERE hash < 64) - (SELECT count(*) FROM word_keys)",
    }
    for what, sql in checks.items():
        t.eq(count(pg, db, sql), 0, f"{label}: {what}")


# Server-side failures: each a trigger that raises on the 41st story.
FAILURES = {
    "a failed write": """
        CREATE FUNCTION np_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF (SELECT count(*) FROM stories) >= 40 THEN
          RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER np_fail BEFORE INSERT ON stories FOR EACH ROW EXECUTE FUNCTION np_fail()""",
    "a failed commit": """
        CREATE FUNCTION np_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF (SELECT count(*) FROM stories) > 40 THEN
          RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
        CREATE CONSTRAINT TRIGGER np_fail AFTER INSERT ON stories DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION np_fail()""",
    "failed word counts": """
        CREATE FUNCTION np_fail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF (SELECT count(*) FROM stories) > 40 THEN
          RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER np_fail BEFORE INSERT ON words FOR EACH ROW EXECUTE FUNCTION np_fail()""",
}


def test_failures(t, prog, stores, corpus):
    """A failure from the server keeps nothing of its transaction."""
    empty = t.path("empty.jsonl")
    open(empty, "w").close()
    want = ingest_and_report(prog, stores.sqlite("clean"), [corpus], ["--passages"])
    for i, (label, sql) in enumerate(FAILURES.items()):
        db = f"fail{i}"
        url = stores.pg_url(db)
        args = ["ingest", "--db", url, "--passages", "--batch", str(BATCH)]
        nptest.run(prog, *args, empty)  # the schema, and nothing yet
        t.eq(count(stores.pg, db, "SELECT count(*) FROM meta") > 0, True, f"{label}: a store")
        stores.pg.psql(sql, database=db)
        rc, _, err = nptest.run(prog, *args, corpus)
        t.check(rc != 0 and "injected failure" in err and url in err,
                f"{label}: ingest stops with the server's message: {rc} {err[-300:]}")
        held = count(stores.pg, db, "SELECT count(*) FROM stories")
        t.check(0 < held <= 40 and held % BATCH == 0,
                f"{label}: whole batches kept, the failed one not ({held})")
        held_consistent(t, stores.pg, db, label)
        stores.pg.psql("DROP TRIGGER np_fail ON " + ("words" if "word" in label else "stories"),
                       database=db)
        rc, _, err = nptest.run(prog, *args, corpus)
        t.check(f"not stored {held})" in err,
                f"{label}: the rest ingested afterwards, the kept ones skipped: {err[-200:]}")
        got = [nptest.run(prog, "report", "--db", url, "--format", f)[1] for f in ("json", "csv")]
        t.check(got == [want[1], want[2]], f"{label}: the clean run's report afterwards")


def main():
    prog, gen, stories = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t = nptest.Suite("test_postgresql")
    corpus = nptest.gen_corpus(gen, t.tmp, stories, 7)
    small = nptest.gen_corpus(gen, t.tmp, 300, 11)
    with PgServer() as server, PgServer(password="s3cret") as locked:
        stores = Stores(t, server)
        for extra in ([], ["--passages"]):
            suffix = "_passages" if extra else ""
            test_parity(t, prog, stores, "sample" + suffix, [SAMPLE], extra)
            test_parity(t, prog, stores, "gen" + suffix, [corpus], extra)
        test_commands(t, prog, stores, corpus)
        test_bad_connections(t, prog, stores, locked, free_port())
        test_no_store(t, prog, stores)
        test_failures(t, prog, stores, small)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
