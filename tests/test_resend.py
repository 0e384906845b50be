#!/usr/bin/env python3
"""test_resend.py — an identical body is always a `duplicate` of the stored
one, whatever the outlet templates learnt in between and
however short the body: the exact content hash is looked up directly, not
left to the LSH bands over the template-stripped view.

- a page stored before its outlet's footer was learnt, sent again after:
  its view (the footer taken out) shares too little with the stored page
  for the bands;
- a body too short for the bands (under min_shingles);
- every story of a generated corpus, sent again under a new id.

usage: test_resend.py NEWSPRINT GEN_CORPUS [STORIES]
"""

import json
import sys

import nptest

SEED = 17
WORDS = ("harbour council pilots contract winter talks union vote strike port cranes ferry "
         "budget school library flood repair station square market river bridge farmers "
         "drought rain mayor election hospital nurses wages trains bus routes").split()
# Twenty footer lines and a story of 16 words (13 shingles, over
# min_shingles): once the footer is learnt, the view of a page stored before
# shares about 13 of 230 shingles with it, Jaccard 0.06, which the bands
# (42 x 3 rows) make a candidate about once in a hundred.
FOOTER = [f"Gazette footer line {i}: subscribe renew advertise contact the newsroom desk {w}"
          for i, w in enumerate("alpha bravo charlie delta echo foxtrot golf hotel india juliet "
                                "kilo lima mike november oscar papa quebec romeo sierra tango"
                                .split())]
STORY_WORDS = 16


def words(seed, n):
    return " ".join(WORDS[(seed * 7 + i * (seed + 3)) % len(WORDS)] for i in range(n))


def record(rid, paragraphs):
    return json.dumps({"id": rid, "outlet": "Gazette", "text": "\n".join(paragraphs)})


def decisions(prog, db, path):
    rc, out, err = nptest.run(prog, "check", "--db", db, path)
    return rc, [json.loads(x) for x in out.splitlines()], err


def template_learnt_between(t, prog):
    """p1 and p2 are mostly footer when stored; p3 teaches the footer."""
    pages = [record(f"p{i}", [words(i, STORY_WORDS)] + FOOTER) for i in range(1, 5)]
    stored, again = t.path("pages.jsonl"), t.path("again.jsonl")
    with open(stored, "w") as f:
        f.write("\n".join(pages) + "\n")
    with open(again, "w") as f:
        f.write(pages[0].replace('"p1"', '"p1-again"') + "\n")
        f.write(pages[1].replace('"p2"', '"p2-again"') + "\n")
        f.write(record("short-again", ["Storm shuts port."]) + "\n")
    db = t.path("gazette.db")
    with open(t.path("short.jsonl"), "w") as f:
        f.write(record("short", ["Storm shuts port."]) + "\n")
    t.eq(nptest.run(prog, "ingest", "--db", db, stored, t.path("short.jsonl"))[0],
         nptest.EXIT_OK, "ingest the pages")
    rc, got, _ = decisions(prog, db, again)
    t.eq((rc, [(d["id"], d["status"], d.get("match", {}).get("id"),
                d.get("match", {}).get("by")) for d in got]),
         (nptest.EXIT_OK, [("p1-again", "duplicate", "p1", "identical"),
                           ("p2-again", "duplicate", "p2", "identical"),
                           ("short-again", "duplicate", "short", "identical")]),
         "resends after the template was learnt, and of a short body")


def corpus_resent(t, prog, gen, stories):
    corpus = nptest.gen_corpus(gen, t.tmp, stories, SEED)
    db = t.path("corpus.db")
    t.eq(nptest.run(prog, "ingest", "--db", db, corpus)[0], nptest.EXIT_OK, "ingest the corpus")
    again = t.path("corpus-again.jsonl")
    with open(corpus) as src, open(again, "w") as dst:
        for line in src:
            o = json.loads(line)
            o["id"] = "again-" + o["id"]
            dst.write(json.dumps(o) + "\n")
    rc, got, _ = decisions(prog, db, again)
    t.eq(rc, nptest.EXIT_OK, "check the resends")
    t.eq(len(got), stories, "a decision for each")
    bad = [(d["id"], d["status"]) for d in got if d["status"] != "duplicate" or
           d["match"]["id"] != d["id"][len("again-"):] and d["match"]["by"] != "identical"]
    t.eq(bad[:5], [], f"resends not duplicates ({len(bad)} of {stories})")


def main():
    prog, gen = sys.argv[1], sys.argv[2]
    stories = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    t = nptest.Suite("test_resend")
    template_learnt_between(t, prog)
    corpus_resent(t, prog, gen, stories)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
