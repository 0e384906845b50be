#!/usr/bin/env python3
"""test_cli_badinput.py — `newsprint ingest` over bad input and bad stores.
Every bad record gets one line on standard error naming its file
and line (or id) and the reason, the run goes on, the summary counts it and
the exit status is 1. A store that cannot be written (a folder, a read-only
file, a full disk, an older schema) stops the run with status 2 and a message
that says what to do, and loses nothing already stored; a store in a folder
that cannot be written is still read by check and report. A --db string
naming a backend newsprint does not have is refused with status 2.

The full disk is simulated with RLIMIT_FSIZE (SIGXFSZ ignored): write(2)
then fails with EFBIG past the limit, which reaches SQLite's write error path
exactly as ENOSPC would (SQLite says "disk I/O error" instead of "database
or disk is full"), and needs neither root nor a mount.

usage: test_cli_badinput.py NEWSPRINT GEN_CORPUS
"""

import json
import os
import random
import resource
import signal
import sqlite3
import sys

import nptest

LIMIT_MIB = 8  # NP_READ_MAX_BYTES in src/read/read.c


def story_text(seed, words=120):
    """A body of prose no other seed gives (so that every story is new)."""
    rng = random.Random(seed)
    vocab = ("harbour council pilots contract winter talks union vote strike port cranes "
             "ferry budget school library flood repair station square market river bridge "
             "farmers drought rain mayor election hospital nurses wages trains bus routes").split()
    return " ".join(rng.choice(vocab) for _ in range(words)) + "."


def record(rid, text):
    return json.dumps({"id": rid, "text": text}).encode()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def make_inputs(t):
    """The folder of bad input; files are read in byte order of their names."""
    d = t.path("in")
    os.mkdir(d)
    write(os.path.join(d, "a-good.jsonl"), b"\xef\xbb\xbf" + record("good-1", story_text(1)) +
          b"\r\n" + record("good-2", story_text(2)) + b"\r\n")
    latin1 = record("latin1", story_text(4)).replace(b"harbour", b"caf\xe9", 1)
    write(os.path.join(d, "b-broken.jsonl"), b"\n".join([
        b'{"id": "broken", "text": "unterminated',
        b'{"id":"typed","text":42}',
        b'{"text":"no id"}',
        record("good-1", story_text(3)),  # the same id, another text
        latin1,
        b'{"id":"raw-nul","text":"a\x00b"}',
        b'{"id":"esc-nul","text":"a\\u0000b"}',
    ]) + b"\n")
    write(os.path.join(d, "c-empty.jsonl"), b"")
    write(os.path.join(d, "d-empty.txt"), b"")
    with open(os.path.join(d, "e-big.txt"), "wb") as f:
        f.truncate(50 << 20)  # a 50 MB page, sparse
    with open(os.path.join(d, "f-long.jsonl"), "wb") as f:
        f.write(record("ten-mb", "word " * 2_000_000) + b"\n" + record("good-3", story_text(5)))
    write(os.path.join(d, "g-utf16.txt"), "Title\n\nBody\n".encode("utf-16"))
    return d


def expected_errors(d):
    """The standard error lines of the ingest of make_inputs(), in order."""
    b, long = os.path.join(d, "b-broken.jsonl"), os.path.join(d, "f-long.jsonl")
    return [
        f"newsprint ingest: skipped: {b}:1: invalid JSON near 'unterminated'",
        f"newsprint ingest: skipped: {b}:2: field 'text' must be a string",
        f"newsprint ingest: skipped: {b}:3: missing 'id'",
        "newsprint ingest: skipped good-1: id already stored with another text",
        "newsprint ingest: warning: latin1: 1 invalid UTF-8 sequence replaced by U+FFFD",
        f"newsprint ingest: skipped: {b}:6: NUL byte at column 26",
        f"newsprint ingest: skipped: {b}:7: a string holds \\u0000 (a NUL character)",
        f"newsprint ingest: skipped: {d}/c-empty.jsonl: empty file, no records",
        f"newsprint ingest: skipped: {d}/d-empty.txt: empty file",
        f"newsprint ingest: skipped: {d}/e-big.txt: 52428800 bytes, larger than the "
        f"{LIMIT_MIB} MiB a page may have",
        f"newsprint ingest: skipped: {long}:1: line of 10000028 bytes, longer than the "
        f"{LIMIT_MIB} MiB a record may have",
        f"newsprint ingest: skipped: {d}/g-utf16.txt: UTF-16 text: newsprint reads UTF-8 "
        "(convert it with iconv)",
        "ingest: read 15, stored 4 (new 4, duplicate 0, near-duplicate 0), skipped 11 "
        "(bad records 10, not stored 1), with invalid UTF-8 1",
    ]


def test_bad_records(t, prog):
    d = make_inputs(t)
    db = t.path("bad.db")
    rc, out, err = nptest.run(prog, "ingest", "--db", db, "--json", d)
    t.eq(rc, nptest.EXIT_SKIPPED, "ingest of bad input: exit status")
    lines = err.splitlines()
    if lines:
        lines[-1] = nptest.summary_line(err)
    t.eq(lines, expected_errors(d), "ingest of bad input: standard error")
    decisions = [json.loads(line) for line in out.splitlines()]
    t.eq([x["status"] for x in decisions].count("skipped"), 11, "skipped decisions")
    t.eq([x["id"] for x in decisions if x["status"] == "new"],
         ["good-1", "good-2", "latin1", "good-3"], "stored ids, in order")
    t.eq([x.get("warning") for x in decisions if x["id"] == "latin1"],
         ["1 invalid UTF-8 sequence replaced by U+FFFD"], "the warning in --json")
    t.eq(nptest.query(db, "SELECT id FROM stories ORDER BY sid"),
         [("good-1",), ("good-2",), ("latin1",), ("good-3",)], "stories in the store")
    t.eq(nptest.query(db, "SELECT body FROM stories WHERE id = 'good-1'"),
         [(story_text(1),)], "a repeated id keeps the first text")
    # a page of more than the bound on a pipe: no size to look at first
    rc, _, err = nptest.run(prog, "ingest", "--db", db, "--format", "text", "-",
                            stdin=b"x" * ((LIMIT_MIB << 20) + 1))
    t.eq((rc, err.splitlines()[0]), (nptest.EXIT_SKIPPED, "newsprint ingest: skipped: -: larger "
                                     f"than the {LIMIT_MIB} MiB a page may have"), "piped page")


def test_store_is_folder(t, prog):
    rc, out, err = nptest.run(prog, "ingest", "--db", t.tmp, t.path("in", "a-good.jsonl"))
    t.eq((rc, err), (nptest.EXIT_USAGE, f"newsprint ingest: {t.tmp}: is a folder, not a store "
                     "file\n"), "a folder as the store")


def test_read_only_store(t, prog):
    ro = t.path("ro")
    os.mkdir(ro)
    os.chmod(t.tmp, 0o777)
    os.chmod(ro, 0o777)
    db = os.path.join(ro, "ro.db")
    good = t.path("in", "a-good.jsonl")
    nptest.run(prog, "ingest", "--db", db, good)
    os.chmod(db, 0o444)
    more = t.path("more.jsonl")
    write(more, record("more-1", story_text(6)) + b"\n")
    os.chmod(more, 0o644)
    rc, _, err = nptest.run(prog, "ingest", "--db", db, more, preexec_fn=nptest.as_nobody)
    lines = err.splitlines()
    t.eq(rc, nptest.EXIT_USAGE, "read-only store: exit status")
    t.eq(lines[0] if lines else None, f"newsprint ingest: {db}: cannot store a story: attempt to "
         "write a readonly database", "read-only store: the error")
    t.check(any("stopped by the error above" in x for x in lines), "read-only store: summary")
    t.eq(nptest.query(db, "SELECT count(*) FROM stories"), [(2,)], "read-only store unchanged")
    # check and report only read: they work on it
    rc, out, _ = nptest.run(prog, "check", "--db", db, more, preexec_fn=nptest.as_nobody)
    t.eq((rc, json.loads(out)["status"]), (nptest.EXIT_OK, "new"), "check on a read-only store")


def test_store_in_read_only_folder(t, prog):
    """A store in a folder nobody may write (an archive, a read-only mount):
    check and report read it as an immutable file, since SQLite cannot make
    the -shm file a WAL store otherwise needs (it said "not a newsprint
    store (or a damaged one)" before)."""
    folder = t.path("archive")
    os.mkdir(folder)
    os.chmod(t.tmp, 0o755)
    db = os.path.join(folder, "s.db")
    story, again = t.path("archived.jsonl"), t.path("archived-again.jsonl")
    write(story, record("archived-1", story_text(7)) + b"\n")
    write(again, record("archived-2", story_text(7)) + b"\n")
    os.chmod(story, 0o644)
    os.chmod(again, 0o644)
    nptest.run(prog, "ingest", "--db", db, story)
    os.chmod(folder, 0o555)
    try:
        rc, out, err = nptest.run(prog, "report", "--db", db, "--min-size", "1",
                                  preexec_fn=nptest.as_nobody)
        t.eq((rc, err), (nptest.EXIT_OK, ""), "report on a store in a read-only folder")
        t.eq(json.loads(out)["stories"] if rc == 0 else None, 1, "the report reads the store")
        rc, out, _ = nptest.run(prog, "check", "--db", db, again, preexec_fn=nptest.as_nobody)
        t.eq((rc, json.loads(out)["status"] if out else None), (nptest.EXIT_OK, "duplicate"),
             "check on a store in a read-only folder")
    finally:
        os.chmod(folder, 0o755)  # so that the scratch folder can be removed


def limit_file_size(limit):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def test_full_disk(t, prog, gen):
    corpus = nptest.gen_corpus(gen, t.tmp, 3000, 3)
    os.mkdir(t.path("full"))
    db = t.path("full", "full.db")
    # 8 MB: the first batch of 1,000 stories commits, a later one cannot
    rc, _, err = nptest.run(prog, "ingest", "--db", db, "--batch", "1000", corpus,
                            preexec_fn=limit_file_size(8 << 20))
    lines = err.splitlines()
    t.eq(rc, nptest.EXIT_USAGE, "full disk: exit status")
    t.check(lines and lines[0].startswith(f"newsprint ingest: {db}: cannot ") and
            lines[0].endswith(": disk I/O error"), f"full disk: the error: {lines[:1]}")
    t.check(lines and lines[-1].startswith("ingest: stopped by the error above"),
            "full disk: what to do")
    t.eq(nptest.query(db, "PRAGMA integrity_check"), [("ok",)], "full disk: integrity")
    (stored,), = nptest.query(db, "SELECT count(*) FROM stories")
    t.check(0 < stored < 3000 and stored % 1000 == 0, f"full disk: whole batches stored ({stored})")
    rc, _, err = nptest.run(prog, "ingest", "--db", db, corpus)
    t.eq(rc, nptest.EXIT_SKIPPED, "full disk, run again: exit status (stored ones skipped)")
    t.eq(nptest.query(db, "SELECT count(*), count(DISTINCT id) FROM stories"), [(3000, 3000)],
         "full disk, run again: every story once")


def test_old_schema(t, prog):
    db = t.path("old.db")
    nptest.run(prog, "ingest", "--db", db, t.path("in", "a-good.jsonl"))
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    want = (f"{db}: schema version 0, this newsprint reads version 2: re-ingest into a new "
            "store\n")
    for cmd in (["ingest", "--db", db, t.path("more.jsonl")], ["report", "--db", db]):
        rc, _, err = nptest.run(prog, *cmd)
        t.eq((rc, err), (nptest.EXIT_USAGE, f"newsprint {cmd[0]}: " + want), f"old schema: {cmd[0]}")


def test_unknown_backend(t, prog):
    """A --db string with a URL scheme no backend answers to is refused by
    every command that opens a store, naming the scheme, and makes nothing."""
    where = "mongodb://news@db.example/newsprint"
    want = (f"{where}: no store backend for the scheme 'mongodb' (a store is a SQLite "
            "file: give its path; or a postgresql:// URL)\n")
    for cmd in (["ingest", "--db", where, t.path("in", "a-good.jsonl")],
                ["check", "--db", where, t.path("in", "a-good.jsonl")], ["report", "--db", where],
                ["links", "--db", where, "x"]):
        rc, _, err = nptest.run(prog, *cmd)
        t.eq((rc, err), (nptest.EXIT_USAGE, f"newsprint {cmd[0]}: " + want),
             f"unknown backend: {cmd[0]}")
    t.eq(os.path.exists("mongodb:"), False, "unknown backend: no file made")


def main():
    prog, gen = sys.argv[1], sys.argv[2]
    t = nptest.Suite("test_cli_badinput")
    test_bad_records(t, prog)
    test_store_is_folder(t, prog)
    test_read_only_store(t, prog)
    test_store_in_read_only_folder(t, prog)
    test_full_disk(t, prog, gen)
    test_old_schema(t, prog)
    test_unknown_backend(t, prog)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
