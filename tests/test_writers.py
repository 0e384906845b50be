#!/usr/bin/env python3
"""test_writers.py — one store, many processes (README "Bad input,
crashes and concurrent use").

Writers: a store takes one writer at a time. While one ingest writes, a
second one is refused with exit 2 and a message naming the first's process,
before it writes anything; the first ends with the clusters of a
sequential run of its stories, and the refused half ingested afterwards
gives the clusters of a sequential run of both halves. Tried ROUNDS times,
as the second ingest may meet the first at any point of its run.

Readers: `report` run over and over while an ingest commits small batches
(clusters merging between commits) never fails and each report is
consistent: the size histogram adds up to the stories it counts, and so
do the members listed, each cluster lists as many members as its size, no
story is in two clusters.

usage: test_writers.py NEWSPRINT GEN_CORPUS [STORIES]
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

import nptest

SEED = 11
ROUNDS = 3          # concurrent pairs of ingests tried
MIN_REPORTS = 5     # reports that must run during the ingest
READER_BATCH = "50" # a commit every 50 stories: many snapshots for report to meet
POLL_S = 0.005


def halves(t, corpus):
    with open(corpus, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    paths = [t.path("a.jsonl"), t.path("b.jsonl")]
    for path, part in zip(paths, (lines[: len(lines) // 2], lines[len(lines) // 2:])):
        with open(path, "wb") as f:
            f.writelines(part)
    return paths


def clusters(db):
    return nptest.query(db, "SELECT id, cluster FROM stories ORDER BY id")


def wait_for_store(db, proc):
    """Waits until proc has made the store (it holds the writer lock then)."""
    while proc.poll() is None:
        if os.path.exists(db):
            return True
        time.sleep(POLL_S)
    return False


def one_round(t, prog, a, b, want_a, want_ab, i):
    db = t.path(f"pair-{i}.db")
    first = subprocess.Popen([prog, "ingest", "--db", db, a], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    held = wait_for_store(db, first)
    rc, _, err = nptest.run(prog, "ingest", "--db", db, b)
    still = first.poll() is None
    first_err = first.stderr.read().decode()
    t.eq(first.wait(), nptest.EXIT_OK, f"round {i}: the first ingest ({first_err})")
    if not t.check(held and still, f"round {i}: the first ingest ended before the second began"):
        return
    t.eq((rc, err.splitlines()),
         (nptest.EXIT_USAGE, [f"newsprint ingest: {db} is being written by process {first.pid}: "
                              "a store takes one writer at a time; wait for it to end"]),
         f"round {i}: the second writer refused")
    t.eq(clusters(db), want_a, f"round {i}: the store holds the first half, as a sequential run")
    t.eq(nptest.run(prog, "ingest", "--db", db, b)[0], nptest.EXIT_OK, f"round {i}: b afterwards")
    t.eq(clusters(db), want_ab, f"round {i}: both halves, as a sequential run")


def writers(t, prog, corpus):
    a, b = halves(t, corpus)
    seq = t.path("seq.db")
    t.eq(nptest.run(prog, "ingest", "--db", seq, a)[0], nptest.EXIT_OK, "sequential a")
    want_a = clusters(seq)
    t.eq(nptest.run(prog, "ingest", "--db", seq, b)[0], nptest.EXIT_OK, "sequential b")
    want_ab = clusters(seq)
    for i in range(ROUNDS):
        one_round(t, prog, a, b, want_a, want_ab, i)


def stored_any(db):
    """Whether the ingest has committed its first batch (the store has its schema then)."""
    try:
        return nptest.query(db, "SELECT count(*) FROM stories")[0][0] > 0
    except sqlite3.Error:
        return False


def report_problem(rc, out, err):
    """What is wrong with one report run, or None."""
    if rc != nptest.EXIT_OK:
        return f"exit {rc}: {err.strip()[:200]}"
    try:
        r = json.loads(out)
    except ValueError as e:
        return f"not JSON ({e}), {len(out)} bytes"
    if sum(s["size"] * s["clusters"] for s in r["sizes"]) != r["stories"]:
        return f"sizes add up to {sum(s['size'] * s['clusters'] for s in r['sizes'])}, " \
               f"not {r['stories']} stories"
    ids = [m["id"] for c in r["clusters"] for m in c["members"]]
    if len(ids) != len(set(ids)):
        return "a story in two clusters"
    if len(ids) != r["stories"]:  # --min-size 1: every story is a member of one cluster
        return f"{len(ids)} members listed of {r['stories']} stories"
    bad = [c["id"] for c in r["clusters"] if c["size"] != len(c["members"])]
    return f"clusters {bad[:3]} list other than their size" if bad else None


def readers(t, prog, corpus):
    db = t.path("read.db")
    out = t.path("report.json")
    ingest = subprocess.Popen([prog, "ingest", "--db", db, "--batch", READER_BATCH, corpus],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not stored_any(db) and ingest.poll() is None:
        time.sleep(POLL_S)
    problems, runs = [], 0
    while ingest.poll() is None:
        rc, _, err = nptest.run(prog, "report", "--db", db, "--min-size", "1", "-o", out)
        text = open(out, encoding="utf-8").read() if rc == nptest.EXIT_OK else ""
        runs += 1
        problems.append(report_problem(rc, text, err))
    t.eq(ingest.wait(), nptest.EXIT_OK, "the ingest beside the reports")
    t.check(runs >= MIN_REPORTS, f"{runs} reports ran during the ingest")
    t.eq([p for p in problems if p], [], f"reports during the ingest (of {runs})")


def main():
    prog, gen = sys.argv[1], sys.argv[2]
    stories = int(sys.argv[3]) if len(sys.argv) > 3 else 6000
    t = nptest.Suite("test_writers")
    corpus = nptest.gen_corpus(gen, t.tmp, stories, SEED)
    writers(t, prog, corpus)
    readers(t, prog, corpus)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
