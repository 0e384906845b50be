#!/usr/bin/env python3
"""test_concurrency.py — one store, used at once: one `ingest`
adds stories while two `check` processes decide, over and over, copies of
stories stored before the ingest began. No process may fail or meet a locked
store (the store is WAL with a 10 s busy timeout), every check must give the
decisions it gave before the ingest (status, match, cluster), and the ingest
must store every story once.

usage: test_concurrency.py NEWSPRINT GEN_CORPUS [STORIES]
"""

import json
import subprocess
import sys
import threading

import nptest

SEED = 5
PROBES = 200     # stored stories checked again under new ids
CHECKERS = 2
MIN_ROUNDS = 2   # checks each checker must finish while the ingest runs


def split_corpus(t, corpus):
    """The first quarter (stored first), the rest (ingested during the
    checks), and probes: copies of stored stories under new ids."""
    with open(corpus, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    first, rest = lines[:len(lines) // 4], lines[len(lines) // 4:]
    probes = []
    for line in first[:: max(1, len(first) // PROBES)][:PROBES]:
        o = json.loads(line)
        o["id"] = "probe-" + o["id"]
        probes.append(json.dumps(o).encode() + b"\n")
    paths = [t.path(n) for n in ("first.jsonl", "rest.jsonl", "probes.jsonl")]
    for path, part in zip(paths, (first, rest, probes)):
        with open(path, "wb") as f:
            f.writelines(part)
    return paths, len(lines)


def checker(prog, db, probes, want, ingest, results):
    """Checks the probes until the ingest ends; appends a problem or None per round."""
    while True:
        running = ingest.poll() is None
        rc, out, err = nptest.run(prog, "check", "--db", db, probes)
        got = [json.loads(x) for x in out.splitlines()]
        errors = [x for x in err.splitlines() if not x.startswith("check: read ")]
        if rc != nptest.EXIT_OK or errors:
            results.append(f"exit {rc}: {errors[:3]}")
        elif got != want:
            diff = [(a, b) for a, b in zip(got, want) if a != b]
            results.append(f"{len(diff)} decisions changed, first {diff[:1]}")
        else:
            results.append(None)
        if not running:
            return


def main():
    prog, gen = sys.argv[1], sys.argv[2]
    stories = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    t = nptest.Suite("test_concurrency")
    (first, rest, probes), total = split_corpus(t, nptest.gen_corpus(gen, t.tmp, stories, SEED))
    db = t.path("shared.db")
    t.eq(nptest.run(prog, "ingest", "--db", db, first)[0], nptest.EXIT_OK, "first ingest")
    rc, out, _ = nptest.run(prog, "check", "--db", db, probes)
    want = [json.loads(x) for x in out.splitlines()]
    t.eq((rc, len(want)), (nptest.EXIT_OK, PROBES), "checks before the ingest")
    t.check(all(d["status"] == "duplicate" for d in want), "a probe is a duplicate of its story")

    ingest = subprocess.Popen([prog, "ingest", "--db", db, rest], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    results = [[] for _ in range(CHECKERS)]
    threads = [threading.Thread(target=checker, args=(prog, db, probes, want, ingest, r))
               for r in results]
    for th in threads:
        th.start()
    err = ingest.stderr.read().decode()
    t.eq(ingest.wait(), nptest.EXIT_OK, "the ingest beside the checks")
    for th in threads:
        th.join()
    t.eq([x for x in err.splitlines() if not x.startswith("ingest: read ")], [],
         "the ingest's errors")
    for i, r in enumerate(results):
        t.check(len(r) >= MIN_ROUNDS, f"checker {i} ran {len(r)} rounds during the ingest")
        t.eq([x for x in r if x], [], f"checker {i}: problems")
    t.eq(nptest.query(db, "SELECT count(*), count(DISTINCT id) FROM stories"), [(total, total)],
         "every story stored once")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
