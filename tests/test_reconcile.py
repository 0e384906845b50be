#!/usr/bin/env python3
"""test_reconcile.py — the canonical order and `newsprint reconcile` on the
SQLite store.

A generated corpus shuffled out of canonical order (publication time, then
id) is ingested; `report` says the store is provisional, with how many
stories came from the first one out of order on, in every format (a field
of the JSON, a note in Markdown and HTML, a line on standard error for all,
CSV included). After `reconcile` the store holds exactly what one ingest of
the corpus sorted in canonical order holds: the same clusters (as sets of
story ids) with the same origins, and the same cluster ids too (reconcile
decides every story again in that order, issuing ids as the sorted ingest
does); the report is no longer provisional, and a second reconcile finds
nothing to do. The same with the passage tier, and on the bundled sample
(JSON Lines and pages), against the sample ingested in canonical order.

usage: test_reconcile.py NEWSPRINT GEN_CORPUS SOURCE_ROOT [STORIES]
"""

import json
import os
import random
import sys

import nptest

SEED = 17


def write(path, lines):
    with open(path, "wb") as f:
        f.writelines(lines)
    return path


def provisional(t, prog, db):
    """The provisional count each report format gives (JSON field; stderr)."""
    counts = set()
    for fmt in ("json", "csv", "md", "html"):
        rc, out, err = nptest.run(prog, "report", "--db", db, "--format", fmt)
        t.eq(rc, nptest.EXIT_OK, f"report --format {fmt} ({err})")
        said = [x for x in err.splitlines() if "provisional:" in x]
        counts.add(int(said[0].split("provisional: ")[1].split()[0]) if said else 0)
        if fmt == "json":
            counts.add(json.loads(out)["provisional"])
        if fmt in ("md", "html") and said:
            t.check("Provisional:" in out, f"the {fmt} report says provisional")
    t.eq(len(counts), 1, f"every format gives one provisional count: {counts}")
    return counts.pop()


def shuffled_against_sorted(t, prog, corpus, extra, name):
    lines = nptest.canonical_lines(corpus)
    mixed = list(lines)
    random.Random(SEED).shuffle(mixed)
    sorted_db, mixed_db = t.path(f"{name}-sorted.db"), t.path(f"{name}-mixed.db")
    t.eq(nptest.run(prog, "ingest", *extra, "--db", sorted_db,
                    write(t.path(f"{name}-sorted.jsonl"), lines))[0], nptest.EXIT_OK, "sorted")
    t.eq(nptest.run(prog, "ingest", *extra, "--db", mixed_db,
                    write(t.path(f"{name}-mixed.jsonl"), mixed))[0], nptest.EXIT_OK, "shuffled")
    t.eq(provisional(t, prog, sorted_db), 0, f"{name}: the sorted ingest is final")
    late = provisional(t, prog, mixed_db)
    t.check(0 < late <= len(lines), f"{name}: the shuffled ingest is provisional ({late})")
    want, want_ids = nptest.sqlite_clusters(sorted_db)
    got, _ = nptest.sqlite_clusters(mixed_db)
    t.check(got != want, f"{name}: arrival order changed the clusters before reconcile")
    rc, _, err = nptest.run(prog, "reconcile", "--db", mixed_db)
    t.eq((rc, err.strip()), (nptest.EXIT_OK, f"newsprint reconcile: {len(lines)} stories "
                             "decided again in canonical order"), f"{name}: reconcile")
    got, got_ids = nptest.sqlite_clusters(mixed_db)
    t.eq(len(got), len(want), f"{name}: as many clusters as the sorted ingest")
    t.check(got == want, f"{name}: reconciled clusters and origins are the sorted ingest's "
            f"({len(got ^ want)} differ)")
    t.check(got_ids == want_ids, f"{name}: and so are the cluster ids")
    t.eq(provisional(t, prog, mixed_db), 0, f"{name}: final after reconcile")
    t.eq(nptest.run(prog, "reconcile", "--db", mixed_db)[2].strip(),
         "newsprint reconcile: the store is final (stored in canonical order)",
         f"{name}: a second reconcile")


def sample(t, prog, root):
    """The sample's pages and JSON Lines ingested in either order, reconciled:
    the same store as the sample reconciled the other way."""
    jsonl = os.path.join(root, "data", "sample", "stories.jsonl")
    pages = os.path.join(root, "data", "sample", "pages")
    stores = []
    for name, paths in (("ab", [jsonl, pages]), ("ba", [pages, jsonl])):
        db = t.path(f"sample-{name}.db")
        t.check(nptest.run(prog, "ingest", "--db", db, *paths)[0] in (0, 1), f"sample {name}")
        t.eq(nptest.run(prog, "reconcile", "--db", db)[0], nptest.EXIT_OK, f"reconcile {name}")
        stores.append(nptest.sqlite_clusters(db))
    t.check(stores[0] == stores[1], "the sample reconciled gives one store whatever the order")
    t.check(len(stores[0][0]) < len(stores[0][1]), "the sample has clusters of several stories")


def main():
    prog, gen, root = sys.argv[1], sys.argv[2], sys.argv[3]
    stories = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    t = nptest.Suite("reconcile")
    corpus = nptest.gen_corpus(gen, t.tmp, stories, SEED)
    shuffled_against_sorted(t, prog, corpus, [], "plain")
    shuffled_against_sorted(t, prog, corpus, ["--passages"], "passages")
    sample(t, prog, root)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
