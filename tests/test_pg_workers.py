#!/usr/bin/env python3
"""test_pg_workers.py — several `ingest` processes on one PostgreSQL store
(docs/postgresql.md, "Several writers"), on one private server
(tests/pgserver.py), a database for each case:

- parity: the generated corpus and the bundled sample, split between 1, 2
  and 4 concurrent workers, then reconciled, give the clusters (as sets of
  story ids), origins and cluster ids of one sequential SQLite ingest in
  canonical order;
- the race: two workers each given a copy of one fresh story at the same
  moment, ROUNDS times, with a commit per story: both copies end in one
  cluster every time, one decided new and the other its duplicate;
- SIGKILL: a worker killed mid-ingest, then every input run again: nothing
  lost or doubled, no story without its fingerprint, and once reconciled
  the store of a clean run;
- a restart: the server restarted while two workers ingest; each either
  finishes or stops with exit status 2 and a message naming the store and
  what failed; the inputs run again complete, and once reconciled the store
  is that of a clean run.

usage: test_pg_workers.py NEWSPRINT GEN_CORPUS SOURCE_ROOT [STORIES [ROUNDS]]
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import nptest
from pgserver import PgServer

SEED = 23
BATCH = "50"          # stories per transaction: workers take turns often
POLL_S = 0.02
RACE_WORDS = 60       # words in a race story: well above the shortest matched
CRASH_AT = 0.3        # the share of the stories stored when a worker is killed
CRASH_STORIES = 2000  # at most, in the kill and restart cases


def split(t, name, lines, n):
    """lines dealt round-robin into n files: each worker's arrivals interleave."""
    paths = []
    for i in range(n):
        paths.append(t.path(f"{name}-{n}-{i}.jsonl"))
        with open(paths[-1], "wb") as f:
            f.writelines(lines[i::n])
    return paths


def workers(prog, url, inputs, *extra):
    return [subprocess.Popen([prog, "ingest", "--batch", BATCH, *extra, "--db", url, *inp],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for inp in inputs]


def finish(procs):
    """(exit status, standard error) of each process."""
    return [(p.wait(), p.stderr.read().decode()) for p in procs]


def pg_clusters(pg, db):
    return nptest.normalised(pg.psql(nptest.CLUSTERS_SQL, database=db))


class Case:
    """One database of the server per case."""

    def __init__(self, t, pg, prog, name):
        self.t, self.pg, self.prog, self.db = t, pg, prog, name
        pg.createdb(name)
        self.url = pg.url(database=name)

    def count(self):
        """Stories stored (0 before a worker has made the tables)."""
        try:
            return int(self.pg.psql("SELECT count(*) FROM stories", database=self.db)[0][0])
        except RuntimeError:
            return 0

    def reconcile(self, what):
        rc, _, err = nptest.run(self.prog, "reconcile", "--db", self.url)
        self.t.eq(rc, nptest.EXIT_OK, f"{what}: reconcile ({err.strip()})")

    def same_as(self, want, what):
        got, got_ids = pg_clusters(self.pg, self.db)
        self.t.eq(len(got), len(want[0]), f"{what}: as many clusters as the sequential run")
        self.t.check(got == want[0], f"{what}: the clusters and origins of the sequential run "
                     f"({len(got ^ want[0])} differ)")
        self.t.check(got_ids == want[1], f"{what}: and its cluster ids")

    def whole(self, n, what):
        """n stories, once each, each with its fingerprint."""
        rows = self.pg.psql("SELECT count(*), count(DISTINCT id),"
                            " (SELECT count(*) FROM fingerprints) FROM stories", database=self.db)
        self.t.eq(rows[0], (str(n), str(n), str(n)), f"{what}: stories, ids, fingerprints")


def parity(t, pg, prog, name, inputs_of, want):
    """inputs_of(n): the n workers' inputs."""
    for n in (1, 2, 4):
        c = Case(t, pg, prog, f"{name}{n}")
        for rc, err in finish(workers(prog, c.url, inputs_of(n))):
            t.check(rc in (nptest.EXIT_OK, nptest.EXIT_SKIPPED), f"{name}, {n} workers: {err}")
        c.reconcile(f"{name}, {n} workers")
        c.same_as(want, f"{name}, {n} workers")


def generated(t, pg, prog, corpus):
    lines = nptest.canonical_lines(corpus)
    ref = t.path("generated.db")
    with open(t.path("generated.jsonl"), "wb") as f:
        f.writelines(lines)
    t.eq(nptest.run(prog, "ingest", "--db", ref, t.path("generated.jsonl"))[0], nptest.EXIT_OK,
         "sequential SQLite, in canonical order")
    want = nptest.sqlite_clusters(ref)
    parity(t, pg, prog, "gen", lambda n: [[p] for p in split(t, "gen", lines, n)], want)
    return lines, want


def sample(t, pg, prog, root):
    """The sample's JSON Lines and pages dealt between the workers."""
    jsonl = os.path.join(root, "data", "sample", "stories.jsonl")
    pages = os.path.join(root, "data", "sample", "pages")
    ref = t.path("sample.db")
    nptest.run(prog, "ingest", "--db", ref, jsonl, pages)
    nptest.run(prog, "reconcile", "--db", ref)
    want = nptest.sqlite_clusters(ref)
    with open(jsonl, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    names = sorted(os.path.relpath(os.path.join(d, f), pages)
                   for d, _, files in os.walk(pages) for f in files)

    def inputs(n):
        """Each worker's pages in a folder of its own, at the paths they
        have under the sample's (a page's id is its path there)."""
        parts = [[p] for p in split(t, "sample", lines, n)]
        for i, page in enumerate(names):
            dest = t.path(f"pages-{n}-{i % n}", page)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy(os.path.join(pages, page), dest)
        for i in range(min(n, len(names))):
            parts[i].append(t.path(f"pages-{n}-{i}"))
        return parts
    parity(t, pg, prog, "sample", inputs, want)


def race_story(rng, r):
    words = " ".join(rng.choice("abcdefghijklmnopqrstuvwxyz") * rng.randint(3, 9)
                     + rng.choice("aeiou") * rng.randint(1, 3) for _ in range(RACE_WORDS))
    return {"published": "2025-03-01T10:00:00Z", "outlet": "Race Desk", "title": f"Race {r}",
            "text": words + "."}


def race(t, pg, prog, rounds):
    """Two workers reading standard input, each given one copy per round."""
    c = Case(t, pg, prog, "race")
    procs = [subprocess.Popen([prog, "ingest", "--json", "--batch", "1", "--db", c.url, "-"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    rng, bad = random.Random(SEED), []
    for r in range(rounds):
        story = race_story(rng, r)
        for i, p in enumerate(procs):
            p.stdin.write(json.dumps(dict(story, id=f"race-{r}-{i}")).encode() + b"\n")
            p.stdin.flush()
        got = [json.loads(p.stdout.readline() or b"{}") for p in procs]
        if (got[0].get("cluster") is None or got[0].get("cluster") != got[1].get("cluster")
                or sorted(d.get("status") for d in got) != ["duplicate", "new"]):
            bad.append((r, got))
    for p in procs:
        p.stdin.close()
    finish(procs)
    t.eq(bad[:3], [], f"race: both copies in one cluster, one new, in all {rounds} rounds "
         f"({len(bad)} not)")
    clusters, _ = pg_clusters(pg, "race")
    t.eq(len(clusters), rounds, "race: one cluster a round in the store")
    t.check(all(len(m) == 2 for m, _ in clusters), "race: each of two copies")
    c.whole(2 * rounds, "race")


def wait_for(c, n, procs):
    while c.count() < n and all(p.poll() is None for p in procs):
        time.sleep(POLL_S)


def killed(t, pg, prog, lines, want):
    c = Case(t, pg, prog, "killed")
    inputs = split(t, "killed", lines, 2)
    procs = workers(prog, c.url, [[p] for p in inputs])
    wait_for(c, int(len(lines) * CRASH_AT), procs)
    t.check(procs[0].poll() is None, "killed: the worker still ran when killed")
    procs[0].send_signal(signal.SIGKILL)
    results = finish(procs)
    t.eq(results[0][0], -signal.SIGKILL, "killed: the worker died of SIGKILL")
    t.eq(results[1][0], nptest.EXIT_OK, f"killed: the other worker went on ({results[1][1]})")
    t.check(c.count() < len(lines), "killed: stories were missing after the kill")
    for rc, err in finish(workers(prog, c.url, [[p] for p in inputs])):
        t.check(rc in (nptest.EXIT_OK, nptest.EXIT_SKIPPED), f"killed: run again ({err})")
    c.whole(len(lines), "killed, run again")
    c.reconcile("killed")
    c.same_as(want, "killed, run again")


def restarted(t, pg, prog, lines, want):
    c = Case(t, pg, prog, "restarted")
    inputs = split(t, "restarted", lines, 2)
    procs = workers(prog, c.url, [[p] for p in inputs])
    wait_for(c, int(len(lines) * CRASH_AT), procs)
    pg.restart()
    print(f"restarted at {c.count()} stories", file=sys.stderr)
    for i, (rc, err) in enumerate(finish(procs)):
        named = [x for x in err.splitlines() if x.startswith(f"newsprint ingest: {c.url}: ")]
        t.check(rc == nptest.EXIT_OK or (rc == nptest.EXIT_USAGE and named),
                f"restarted: worker {i} ends whole, or with exit 2 and an error naming the "
                f"store: exit {rc}, {err.strip()[-400:]!r}")
    for rc, err in finish(workers(prog, c.url, [[p] for p in inputs])):
        t.check(rc in (nptest.EXIT_OK, nptest.EXIT_SKIPPED), f"restarted: run again ({err})")
    c.whole(len(lines), "restarted, run again")
    c.reconcile("restarted")
    c.same_as(want, "restarted, run again")


def main():
    prog, gen, root = sys.argv[1], sys.argv[2], sys.argv[3]
    stories = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    t = nptest.Suite("pg_workers")
    corpus = nptest.gen_corpus(gen, t.tmp, stories, SEED)
    with PgServer() as pg:
        clock = time.time()
        lines, want = generated(t, pg, prog, corpus)
        print(f"parity on the generated corpus: {time.time() - clock:.1f} s", file=sys.stderr)
        sample(t, pg, prog, root)
        clock = time.time()
        race(t, pg, prog, rounds)
        print(f"race: {time.time() - clock:.1f} s", file=sys.stderr)
        small = lines[: min(len(lines) // 3, CRASH_STORIES)]
        ref = t.path("small.db")
        with open(t.path("small.jsonl"), "wb") as f:
            f.writelines(small)
        nptest.run(prog, "ingest", "--db", ref, t.path("small.jsonl"))
        small_want = nptest.sqlite_clusters(ref)
        killed(t, pg, prog, small, small_want)
        restarted(t, pg, prog, small, small_want)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
