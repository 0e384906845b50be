#!/usr/bin/env python3
"""test_crash.py — crash safety: `newsprint ingest` killed with
SIGKILL in the middle of a generated corpus, then the same ingest run again,
must leave the store as one uninterrupted run does: PRAGMA integrity_check
passes, every story is stored exactly once, and every story is in the same
cluster with the same id (the ingest order is the same, so cluster ids are
issued in the same order: equal means equal, not equal up to renaming), and
the full report (--min-size 1) is the same byte for byte.

usage: test_crash.py NEWSPRINT GEN_CORPUS [STORIES]
"""

import os
import signal
import subprocess
import sys
import time

import nptest

# Stories committed before the kill: a few batches in, far from the end.
KILL_AFTER = 0.3
SEED = 3


def stored(db):
    """Stories committed so far (0 while the store is being created)."""
    try:
        return nptest.query(db, "SELECT count(*) FROM stories")[0][0]
    except Exception:  # not created yet, or its schema not yet committed
        return 0


def killed_ingest(t, prog, db, corpus, stories):
    """Starts an ingest and kills it once KILL_AFTER of the stories are in."""
    p = subprocess.Popen([prog, "ingest", "--db", db, corpus], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    while p.poll() is None and stored(db) < KILL_AFTER * stories:
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    t.eq(p.returncode, -signal.SIGKILL, "the first ingest was killed, not finished")
    n = stored(db)
    t.check(0 < n < stories, f"killed in the middle ({n} of {stories} stored)")


def clusters(db):
    return nptest.query(db, "SELECT id, cluster FROM stories ORDER BY id")


def main():
    prog, gen = sys.argv[1], sys.argv[2]
    stories = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    t = nptest.Suite("test_crash")
    corpus = nptest.gen_corpus(gen, t.tmp, stories, SEED)
    whole, crashed = t.path("whole.db"), t.path("crashed.db")
    # the uninterrupted run beside the other two: ingest keeps about one
    # core busy, and this machine has two
    uninterrupted = subprocess.Popen([prog, "ingest", "--db", whole, corpus],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed_ingest(t, prog, crashed, corpus, stories)
    rc, _, err = nptest.run(prog, "ingest", "--db", crashed, corpus)
    t.eq(uninterrupted.wait(), nptest.EXIT_OK, "uninterrupted ingest")
    t.eq(rc, nptest.EXIT_SKIPPED, "ingest after the kill: the stored stories are skipped")
    t.check("id already stored" in err, "ingest after the kill says why it skipped")
    t.eq(nptest.query(crashed, "PRAGMA integrity_check"), [("ok",)], "integrity_check")
    t.eq(nptest.query(crashed, "SELECT count(*), count(DISTINCT id) FROM stories"),
         [(stories, stories)], "every story stored once")
    t.eq(nptest.query(crashed, "SELECT count(*) FROM stories s LEFT JOIN fingerprints f "
                      "USING (sid) WHERE f.sid IS NULL"), [(0,)], "every story has its fingerprint")
    t.check(clusters(crashed) == clusters(whole), "story -> cluster the same as without the kill")
    reports = [nptest.run(prog, "report", "--db", db, "--min-size", "1")[1]
               for db in (whole, crashed)]
    t.check(reports[0] and reports[0] == reports[1], "report --min-size 1 the same")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
