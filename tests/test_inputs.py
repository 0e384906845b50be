#!/usr/bin/env python3
"""test_inputs.py — every record accounted for: JSON Lines with
CR-only, CRLF and mixed line ends read record by record; a second value or
text after a line's record reported with its file and line, never dropped
unsaid; the summary adds up (read = stored + skipped). Folders walked
safely: symbolic link loops read once, FIFOs and unreadable subfolders
skipped with a message and exit 1. Options out of range are usage errors.
Page ids are canonical (relative to the folder given), and a store made
before, with ids as the paths typed, is not given its pages twice.

usage: test_inputs.py NEWSPRINT
"""

import json
import os
import re
import sqlite3
import subprocess
import sys

import nptest

READ_BLOCK = 65536  # bytes the reader takes at a time (src/read/read.c)
WALK_TIMEOUT_S = 30  # a walk of three pages takes well under a second


def record(rid, words):
    return ('{"id": "%s", "text": "%s"}' % (rid, words)).encode()


BODIES = ["harbour pilots vote to strike over the new winter rota",
          "council approves forty new allotment plots at hazelford",
          "library reopens after fourteen months of flood repair",
          "ferry timetable cut as fuel prices climb for a third month",
          "farmers count the cost of the driest spring on record"]


def summary_counts(err):
    """read, stored, skipped of the summary line."""
    m = re.search(r"read (\d+), stored (\d+) .*skipped (\d+)", nptest.summary_line(err) or "")
    return tuple(int(x) for x in m.groups()) if m else None


def line_ends(t, prog):
    """Five records with CR, CRLF and LF line ends: five stories."""
    path = t.path("ends.jsonl")
    recs = [record(f"r{i}", b) for i, b in enumerate(BODIES)]
    with open(path, "wb") as f:
        f.write(recs[0] + b"\r" + recs[1] + b"\r\n" + recs[2] + b"\n" + recs[3] + b"\r\r\n\n" +
                recs[4])
    rc, _, err = nptest.run(prog, "ingest", "--db", t.path("ends.db"), path)
    t.eq((rc, summary_counts(err)), (nptest.EXIT_OK, (5, 5, 0)), "CR, CRLF and LF line ends")
    t.eq(nptest.query(t.path("ends.db"), "SELECT id FROM stories ORDER BY id"),
         [(f"r{i}",) for i in range(5)], "each record stored")


def crlf_across_blocks(t, prog):
    """A CRLF split between two of the reader's blocks is one line end."""
    head, tail = b'{"id": "long", "text": "', b'"}'
    words = (BODIES[0].encode() + b" ") * (READ_BLOCK // len(BODIES[0]))
    first = head + words[:READ_BLOCK - 1 - len(head) - len(tail)] + tail  # its CR ends block 1
    path = t.path("blocks.jsonl")
    with open(path, "wb") as f:
        f.write(first + b"\r\n" + b'{"id": "next"}\r\n')
    rc, _, err = nptest.run(prog, "ingest", "--db", t.path("blocks.db"), path)
    t.eq((rc, err.splitlines()[0], summary_counts(err)),
         (nptest.EXIT_SKIPPED,
          f"newsprint ingest: skipped: {path}:2: record 'next' has neither 'text' nor 'page'",
          (2, 1, 1)), "CRLF across blocks: the next record is line 2")


def one_value_a_line(t, prog):
    path = t.path("extra.jsonl")
    with open(path, "wb") as f:
        f.write(record("a", BODIES[0]) + b" " + record("b", BODIES[1]) + b"\n" +
                record("c", BODIES[2]) + b" garbage\n" +
                record("d", BODIES[3]) + b"  \t\n" +
                record("e", BODIES[4]) + b"[1]\r")
    rc, _, err = nptest.run(prog, "ingest", "--db", t.path("extra.db"), path)
    t.eq(err.splitlines()[:-1], [
        f"newsprint ingest: skipped: {path}:1: a second JSON value after the record at column "
        f"{len(record('a', BODIES[0])) + 2}: one JSON value a line",
        f"newsprint ingest: skipped: {path}:2: text after the record at column "
        f"{len(record('c', BODIES[2])) + 2}: one JSON value a line",
        f"newsprint ingest: skipped: {path}:4: a second JSON value after the record at column "
        f"{len(record('e', BODIES[4])) + 1}: one JSON value a line",
    ], "trailing values and text reported with file and line")
    t.eq((rc, summary_counts(err)), (nptest.EXIT_SKIPPED, (4, 1, 3)), "the summary adds up")
    t.eq(nptest.query(t.path("extra.db"), "SELECT id FROM stories"), [("d",)],
         "only the clean line stored")


def page(title, words):
    """A page dump: title, dateline, three paragraphs."""
    paragraph = f"{words}, the council said on Monday after talks that lasted all winter."
    return f"{title}\n\nCoastline Herald 04/03/2025\n\n" + f"{paragraph}\n\n" * 3


def make_tree(t):
    """A folder with two links to itself, one to its parent, a FIFO named as a
    page and a subfolder nobody may read; three pages in all."""
    w = t.path("tree")
    for d in ("", "sub", "locked"):
        os.makedirs(os.path.join(w, d), exist_ok=True)
    for i, rel in enumerate(("a.txt", "sub/b.txt", "locked/c.txt")):
        with open(os.path.join(w, rel), "w") as f:
            f.write(page(f"Page {i}", BODIES[i]))
    os.symlink(".", os.path.join(w, "self"))
    os.symlink(".", os.path.join(w, "sub", "self2"))
    os.symlink("..", os.path.join(w, "sub", "up"))
    os.mkfifo(os.path.join(w, "pipe.txt"))
    for d in (t.tmp, w, os.path.join(w, "sub")):
        os.chmod(d, 0o755)
    os.chmod(os.path.join(w, "locked"), 0)
    return w


def folder_walk(t, prog):
    """Each folder read once, the FIFO and the unreadable folder skipped with
    a message each and exit 1, the rest read."""
    w = make_tree(t)
    try:
        p = subprocess.run([prog, "sign", w], capture_output=True, timeout=WALK_TIMEOUT_S,
                           preexec_fn=nptest.as_nobody)
    except subprocess.TimeoutExpired:
        t.check(False, f"sign of the folder did not end in {WALK_TIMEOUT_S} s")
        return
    ids = [json.loads(x)["id"] for x in p.stdout.decode().splitlines()]
    t.eq((p.returncode, p.stderr.decode().splitlines()),
         (nptest.EXIT_SKIPPED, [
             f"newsprint sign: skipped: {w}/locked: cannot read the folder: Permission denied",
             f"newsprint sign: skipped: {w}/pipe.txt: a FIFO, not a file"]),
         "the walk's skipped inputs")
    t.eq(len(ids), 2, f"the two readable pages, each once ({ids})")


def canonical_ids(t, prog):
    """A page's id is its path relative to the folder given, so the folder by
    another spelling stores nothing twice; a store made before (ids as the
    path typed) is not given its pages twice either."""
    d = t.path("site")
    os.makedirs(os.path.join(d, "news"))
    for i, rel in enumerate(("a.txt", "news/b.txt")):
        with open(os.path.join(d, rel), "w") as f:
            f.write(page(f"Site page {i}", BODIES[i + 2]))
    db = t.path("site.db")
    rc, out, _ = nptest.run(prog, "ingest", "--json", "--db", db, d)
    t.eq((rc, [json.loads(x)["id"] for x in out.splitlines()]),
         (nptest.EXIT_OK, ["a.txt", "news/b.txt"]), "ids relative to the folder")
    for spelling in (d + "/", os.path.join(d, "news", ".."), "./" + os.path.relpath(d)):
        rc, _, err = nptest.run(prog, "ingest", "--db", db, spelling)
        t.eq((rc, summary_counts(err)), (nptest.EXIT_SKIPPED, (2, 0, 2)), f"again as {spelling}")
    old = t.path("old.db")  # a store made before: ids are the paths as typed
    nptest.run(prog, "ingest", "--db", old, d)
    con = sqlite3.connect(old)
    con.execute("UPDATE stories SET id = ? || '/' || id", (d,))
    con.commit()
    con.close()
    rc, _, err = nptest.run(prog, "ingest", "--db", old, d)
    t.eq((rc, err.splitlines()[:-1]), (nptest.EXIT_SKIPPED, [
        f"newsprint ingest: skipped a.txt: id already stored (as {d}/a.txt)",
        f"newsprint ingest: skipped news/b.txt: id already stored (as {d}/news/b.txt)"]),
         "an old store's pages, by their legacy ids")


HELP = "(see 'newsprint {} --help')"
OUT_OF_RANGE = [
    (["ingest", "--window", "745655d"], "a window of 64424592000 s is out of range: at most "
     "1073741823 minutes (some 2,042 years)", False),
    (["ingest", "--window", "1491309d"], "a window of 128849097600 s is out of range: at most "
     "1073741823 minutes (some 2,042 years)", False),
    (["ingest", "--window", "18446744073709551615w"],
     "--window takes a duration like 7d, 36h or 90m, not '18446744073709551615w'", True),
    (["ingest", "--batch", "1000001"], "batch size 1000001 is out of range 1..1000000", False),
    (["ingest", "--k", "0"], "--k takes a value above 0, not '0'", True),
    (["ingest", "--k", "8"], "MinHash K 8 is out of range 16..1024", False),
    (["check", "--shingle-words", "0"], "--shingle-words takes a value above 0, not '0'", True),
    (["ingest", "--threshold", "0.0"], "--threshold takes a value above 0, not '0.0'", True),
    (["ingest", "--threshold", "1.5"], "threshold 1.5 is out of range (0, 1]", False),
    (["check", "--containment", "0"], "--containment takes a value above 0, not '0'", True),
]


def options_out_of_range(t, prog):
    """Each is exit 2 with its message, and no store is made."""
    pages = t.path("opts.jsonl")
    with open(pages, "wb") as f:
        f.write(record("o1", BODIES[0]) + b"\n")
    db = t.path("opts.db")
    nptest.run(prog, "ingest", "--db", db, pages)  # check needs a store
    fresh = t.path("never.db")
    for args, msg, usage in OUT_OF_RANGE:
        store = db if args[0] == "check" else fresh
        rc, out, err = nptest.run(prog, args[0], "--db", store, *args[1:], pages)
        want = [f"newsprint {args[0]}: {msg}"] + ([HELP.format(args[0])] if usage else [])
        t.eq((rc, out, err.splitlines()), (nptest.EXIT_USAGE, "", want), " ".join(args))
    t.check(not os.path.exists(fresh), "no store made by a refused ingest")
    for args, msg in ((["ingest", "--db", "", pages], "the store's path is empty"),
                      (["report", "--db", db, "--min-size", "0"],
                       "--min-size takes 1 or more stories, not 0"),
                      (["report", "--db", db, "-o", ""], "-o takes a file name, not ''")):
        rc, _, err = nptest.run(prog, *args)
        t.eq((rc, err.splitlines()[:1]), (nptest.EXIT_USAGE, [f"newsprint {args[0]}: {msg}"]),
             " ".join(args))


def main():
    prog = sys.argv[1]
    t = nptest.Suite("test_inputs")
    line_ends(t, prog)
    crlf_across_blocks(t, prog)
    folder_walk(t, prog)
    options_out_of_range(t, prog)
    canonical_ids(t, prog)
    one_value_a_line(t, prog)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
