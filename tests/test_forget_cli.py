#!/usr/bin/env python3
"""test_forget_cli.py — `newsprint forget` and `ingest --retain`, asserted on
the exact clusters `report --format json` shows: forgetting the origin of a
cluster of 4 leaves 3 members with a new origin and its evidence;
forgetting the bridge B of a chain A-B-C (A and C do not match) leaves A in
the cluster's id and C in a new one, while a copy cut to its lead stays
with its original; an unknown id is named with exit 1;
a forgotten story is matched by no later `check` (a new process: the index
built from the store) and can be ingested again; --retain forgets the
stories published more than the period before the newest one.

Usage: test_forget_cli.py NEWSPRINT"""
import json
import random
import sys

import nptest

WORDS = ("river council bridge ferry school market harbour mayor budget road train station "
         "village county farmer rain storm museum library hospital nurse teacher police court "
         "judge minister vote tax energy wind solar port").split()


def words(seed, n):
    """n words drawn by seed: two seeds share almost no 4-word shingle."""
    r = random.Random(seed)
    return " ".join(r.choice(WORDS) for _ in range(n))


# A = P1 P2, B = P2 P3, C = P3 P4: B matches A and C (Jaccard about 0.48),
# A and C share nothing. Ingested A, B, C, they make one cluster through B.
P1, P2, P3, P4 = words(1, 6), words(2, 80), words(3, 80), words(4, 6)
WIRE = words(5, 120)


def rec(sid, outlet, published, text):
    return {"id": sid, "outlet": outlet, "published": published, "text": text + "."}


CHAIN = [rec("a", "Alpha", "2025-03-01T10:00:00Z", P1 + " " + P2),
         rec("b", "Beta", "2025-03-02T10:00:00Z", P2 + " " + P3),
         rec("c", "Gamma", "2025-03-03T10:00:00Z", P3 + " " + P4)]
# the wire's story and three papers' copies, each with its own last words
COPIES = [rec("w0", "Wire", "2025-03-01T08:00:00Z", WIRE)] + [
    rec(f"w{i}", f"Paper{i}", f"2025-03-01T1{i}:00:00Z", WIRE + " " + words(10 + i, 3))
    for i in (1, 2, 3)]


def write(t, name, records):
    path = t.path(name)
    with open(path, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return path


def clusters(prog, db, min_size="1"):
    """{cluster id: (member ids, origin id, origin evidence)} as report shows them."""
    rc, out, err = nptest.run(prog, "report", "--db", db, "--format", "json",
                              "--min-size", min_size)
    assert rc == nptest.EXIT_OK, err
    return {c["id"]: ([m["id"] for m in c["members"]], c["origin"]["id"],
                      c["origin"]["evidence"]) for c in json.loads(out)["clusters"]}


def decisions(out):
    return {d["id"]: d for d in map(json.loads, out.splitlines())}


def test_origin_and_bridge(t, prog):
    db = t.path("np.db")
    rc, _, err = nptest.run(prog, "ingest", "--db", db, write(t, "in.jsonl", CHAIN + COPIES))
    t.eq(rc, nptest.EXIT_OK, f"ingest ({err.strip()})")
    got = clusters(prog, db)
    t.eq(sorted(v[0] for v in got.values()), [["a", "b", "c"], ["w0", "w1", "w2", "w3"]],
         "a chain and a cluster of 4")
    t.eq(got[2][1], "w0", "the wire's story is the origin")

    rc, _, err = nptest.run(prog, "forget", "--db", db, "w0")
    t.eq(rc, nptest.EXIT_OK, f"forget the origin ({err.strip()})")
    t.check("1 stories forgotten" in err, f"summary: {err.strip()}")
    got = clusters(prog, db)
    t.eq(got[2], (["w1", "w2", "w3"], "w1", ["earliest by 1 h"]),
         "the cluster keeps 3 members and a new origin, with its evidence")

    rc, _, err = nptest.run(prog, "forget", "--db", db, "b")
    t.eq(rc, nptest.EXIT_OK, f"forget the bridge ({err.strip()})")
    got = clusters(prog, db)
    t.eq(got[1], (["a"], "a", []), "a keeps the cluster's id, alone")
    t.eq(got.get(3), (["c"], "c", []), "c is a cluster of its own, with a new id")
    t.eq(len(got), 3, "three clusters")
    t.eq(clusters(prog, db, "2"), {2: got[2]}, "a and c are no cluster at the default size")

    rc, _, err = nptest.run(prog, "forget", "--db", db, "nosuch", "w3")
    t.eq(rc, nptest.EXIT_SKIPPED, "an unknown id: exit 1")
    t.check("nosuch: no such story in the store" in err, f"names the id: {err.strip()}")
    t.eq(clusters(prog, db)[2][0], ["w1", "w2"], "the other id is forgotten")

    again = dict(CHAIN[2], id="c-again")
    rc, out, err = nptest.run(prog, "check", "--db", db, write(t, "again.jsonl", [again]))
    t.eq(decisions(out)["c-again"]["status"], "duplicate", "c stored: its copy matches")
    rc, _, err = nptest.run(prog, "forget", "--db", db, "c")
    t.eq(rc, nptest.EXIT_OK, f"forget c ({err.strip()})")
    rc, out, err = nptest.run(prog, "check", "--db", db, t.path("again.jsonl"))
    t.eq(decisions(out)["c-again"]["status"], "new", "a forgotten story matches nothing")
    write(t, "c.jsonl", [CHAIN[2]])

    rc, out, err = nptest.run(prog, "ingest", "--db", db, "--json", t.path("c.jsonl"))
    t.eq((rc, decisions(out)["c"]["status"]), (nptest.EXIT_OK, "new"), "c ingested again")
    rc, out, err = nptest.run(prog, "ingest", "--db", db, "--json",
                              write(t, "b.jsonl", [CHAIN[1]]))
    d = decisions(out)["b"]
    t.eq((d["status"], d["match"]["id"]), ("near-duplicate", "a"), "b ingested again")


def test_cut_copy(t, prog):
    """A copy cut to its first quarter matches its original by containment
    with equal leads; forgetting another member must not split it off."""
    db, full = t.path("cut.db"), words(21, 200)
    records = [rec("full", "Wire", "2025-05-01T08:00:00Z", full),
               rec("cut", "Brief", "2025-05-01T09:00:00Z", " ".join(full.split()[:50])),
               rec("copy", "Paper", "2025-05-01T10:00:00Z", full + " " + words(22, 3))]
    rc, _, err = nptest.run(prog, "ingest", "--db", db, write(t, "cut.jsonl", records))
    t.eq(rc, nptest.EXIT_OK, f"ingest ({err.strip()})")
    t.eq(clusters(prog, db)[1][0], ["full", "cut", "copy"], "one cluster")
    rc, _, err = nptest.run(prog, "forget", "--db", db, "copy")
    t.eq(clusters(prog, db), {1: (["full", "cut"], "full", ["earliest by 1 h"])},
         "the cut copy stays with its original")


def test_retain(t, prog):
    db = t.path("retain.db")
    days = [rec(f"d{i}", "Daily", f"2025-04-{i:02d}T09:00:00Z", words(100 + i, 60))
            for i in range(1, 11)]
    # a copy on the 9th of the story of the 2nd: the story goes, the copy stays
    late = rec("copy", "Other", "2025-04-09T12:00:00Z", days[1]["text"][:-1] + " " + words(99, 3))
    undated = {"id": "undated", "outlet": "Daily", "text": words(98, 60) + "."}
    path = write(t, "days.jsonl", days + [late, undated])
    rc, _, err = nptest.run(prog, "ingest", "--db", t.path("whole.db"), path)
    t.eq([v[0] for v in clusters(prog, t.path("whole.db"), "2").values()], [["d2", "copy"]],
         "without --retain: every story, and a pair")
    rc, _, err = nptest.run(prog, "ingest", "--db", db, "--retain", "3d", path)
    t.eq(rc, nptest.EXIT_OK, f"ingest --retain ({err.strip()})")
    t.check("--retain: 6 stories forgotten" in err, f"summary: {err.strip()}")
    kept = sorted(m for v in clusters(prog, db).values() for m in v[0])
    t.eq(kept, ["copy", "d10", "d7", "d8", "d9", "undated"],
         "stories within 3 days of the newest (the 10th), and the undated one")
    rc, _, err = nptest.run(prog, "ingest", "--db", db, "--retain", "0", path)
    t.eq(rc, nptest.EXIT_USAGE, "--retain 0 is refused")
    rc, _, err = nptest.run(prog, "check", "--db", db, "--retain", "3d", path)
    t.eq(rc, nptest.EXIT_USAGE, "--retain is for ingest")


def test_usage(t, prog):
    rc, out, _ = nptest.run(prog, "forget", "--help")
    t.eq((rc, out.startswith("usage: newsprint forget")), (nptest.EXIT_OK, True), "--help")
    rc, _, _ = nptest.run(prog, "forget", "--db", t.path("np.db"))
    t.eq(rc, nptest.EXIT_USAGE, "no id: exit 2")
    rc, _, err = nptest.run(prog, "forget", "--db", t.path("missing.db"), "a")
    t.eq(rc, nptest.EXIT_USAGE, f"a missing store: exit 2 ({err.strip()})")
    t.check(not __import__("os").path.exists(t.path("missing.db")), "and it is not made")


def main():
    prog = sys.argv[1]
    t = nptest.Suite("test_forget_cli")
    test_origin_and_bridge(t, prog)
    test_cut_copy(t, prog)
    test_retain(t, prog)
    test_usage(t, prog)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
