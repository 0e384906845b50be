#!/usr/bin/env python3
"""test_gen_corpus.py — gen_corpus makes its kinds of story as its truth file says:
template fills (each its own cluster, its copies with it; two fills of a frame differ in the
words of their slots only), briefs ending in their outlet's furniture paragraph, updates by
the same outlet in the updated story's cluster, the giant wire story; the shares near their
flags; the same bytes for the same flags; and with the four shares at 0 no such story.

usage: test_gen_corpus.py GEN_CORPUS
"""

import collections
import json
import subprocess
import sys

import nptest

STORIES = 20000
SHARE_SLACK = 0.4  # a share within 40% of its flag: 20,000 stories in groups of several


def generate(t, gen, name, *flags):
    out = t.path(name + ".jsonl")
    subprocess.run([gen, "--stories", str(STORIES), "--seed", "7", "--out", out,
                    "--truth", out + ".tsv", *flags], check=True, capture_output=True)
    with open(out + ".tsv", encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        truth = {r["id"]: r for r in (dict(zip(head, line.rstrip("\n").split("\t")))
                                      for line in f)}
    with open(out, encoding="utf-8") as f:
        recs = {j["id"]: j for j in map(json.loads, f)}
    return out, truth, recs


def body(rec):
    return rec.get("text") or rec.get("page")


def check_shares(t, truth):
    n = len(truth)
    genres = collections.Counter(r["genre"] for r in truth.values())
    updates = sum(r["kind"] == "update" for r in truth.values())
    for what, got, want in (("template", genres["template"] / n, 0.04),
                            ("brief", genres["brief"] / n, 0.06),
                            ("giant", genres["giant"] / n, 0.01),
                            ("update", updates / n, 0.024)):
        t.check(abs(got - want) <= SHARE_SLACK * want, f"share of {what}: {got:.4f}, want ~{want}")


def check_links(t, truth, recs):
    """Copies and updates sit in their origin's cluster; an update is its origin's outlet's;
    fills and briefs that are not copies are clusters of their own."""
    sizes = collections.Counter(r["truth_cluster"] for r in truth.values())
    copies = collections.Counter(r["origin_id"] for r in truth.values() if r["kind"] != "update")
    for i, r in truth.items():
        o = truth[r["origin_id"]]
        t.eq(r["truth_cluster"], o["truth_cluster"], f"{i}: cluster of its origin")
        t.eq(r["genre"], o["genre"], f"{i}: genre of its origin")
        if r["kind"] == "update":
            t.eq(recs[i]["outlet"], recs[r["origin_id"]]["outlet"], f"{i}: update's outlet")
            t.check(recs[i]["published"] > recs[r["origin_id"]]["published"], f"{i}: later")
        if r["genre"] in ("template", "brief") and r["is_original"] == "1":
            t.eq(sizes[r["truth_cluster"]], copies[i], f"{i}: a cluster of its own and its copies")


def check_briefs(t, truth, recs):
    """Every brief of an outlet (as a text record, without a credit) holds one paragraph the
    same, the outlet's furniture, after a story of its own."""
    paras = collections.defaultdict(list)
    for i, r in truth.items():
        rec = recs[i]
        if r["genre"] == "brief" and "text" in rec and "Source: " not in rec["text"]:
            ps = rec["text"].split("\n\n")
            t.check(len(ps) >= 2, f"{i}: a brief of a paragraph and furniture")
            paras[rec["outlet"]].append(set(ps))
    outlets = [p for p in paras.values() if len(p) > 1]
    t.check(len(outlets) > 1, "briefs of several outlets")
    for outlet, sets in paras.items():
        if len(sets) > 1:
            t.check(set.intersection(*sets), f"{outlet}: a paragraph in every brief")


def check_fills(t, truth, recs):
    """Two fills of one English frame (an outlet's, at one hour) share all but a few words."""
    frames = collections.defaultdict(list)
    for i, r in truth.items():
        rec = recs[i]
        if r["genre"] == "template" and r["kind"] == "original" and rec["lang"] == "en" \
                and "text" in rec:
            frames[rec["outlet"], rec["published"][11:13], rec["title"].split(":")[0]].append(rec)
    similar = 0
    for fills in frames.values():
        for a, b in zip(fills, fills[1:]):
            wa, wb = body(a).split(), body(b).split()
            same = sum(x == y for x, y in zip(wa, wb)) / max(len(wa), len(wb))
            similar += same >= 0.5
    t.check(similar > 10, f"pairs of fills of one frame mostly the same: {similar}")


def main():
    gen = sys.argv[1]
    t = nptest.Suite("test_gen_corpus")
    out, truth, recs = generate(t, gen, "a")
    check_shares(t, truth)
    check_links(t, truth, recs)
    check_briefs(t, truth, recs)
    check_fills(t, truth, recs)
    again, _, _ = generate(t, gen, "b")
    with open(out, "rb") as x, open(again, "rb") as y:
        t.check(x.read() == y.read(), "the same flags give the same bytes")
    _, plain, _ = generate(t, gen, "c", "--template-share", "0", "--brief-share", "0",
                           "--update-share", "0", "--giant-share", "0")
    t.eq({r["genre"] for r in plain.values()}, {"news"}, "genres with the four shares at 0")
    t.check(all(r["kind"] != "update" for r in plain.values()), "no update with the shares at 0")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
