#!/usr/bin/env python3
"""test_passages_cli.py — the passage tier through the newsprint program, on
tests/fixtures/passages/ferry.jsonl: a wire story, a paper's rewrite of it (three of its
sentences kept, others reworded, material of its own) and an independent report of the
same event. Asserts the exact outputs: `ingest --passages --json` (the rewrite's
derivation, evidence and cluster), `compare A B` (the aligned shared passages, word
positions and words), and the JSON report (the rewrite in the wire's cluster with its
derivation and share, the copy edge chosen by the passage link; the independent report
alone). Then `compare` of the rewrite made the wire's own follow-up (the same text under the
wire's outlet: no partial derivation within one outlet), of a record with no body (exit
status 1, said on standard error, every score 0), and of an Urdu sentence and its rewrite (a
number printed against a word, a compound written as two words), in a new store and in one
made before the tokenizer was a parameter.

Usage: test_passages_cli.py SOURCE_ROOT NEWSPRINT
"""
import json
import re
import os
import sqlite3
import subprocess
import sys
import tempfile

WIRE, PAPER, OTHER = "wire/ferry", "lantern/ferry", "courier/ferry"

INGEST = [
    {"id": WIRE, "status": "new", "cluster": 1},
    {"id": PAPER, "status": "near-duplicate", "cluster": 1,
     "match": {"id": WIRE, "jaccard": 0.211, "containment": 0.497, "contains": 0.437,
               "simhash_distance": 24, "lead": 0.406, "by": "passages", "derivation": "partially",
               "passages": 7, "overlap": 0.682}},
    {"id": OTHER, "status": "new", "cluster": 2},
]


def shared(a, b, words, text):
    return {"a": [a, a + words], "b": [b, b + words], "words": words, "text": text}


# What the paper kept, aligned from the paper's side (the copy, as ingest aligns it: the same 7
# passages and shares as ingest --json's match): each passage's words in the wire (a) and in the
# paper (b), normalized (case folded, punctuation gone), in the paper's order.
COMPARE_PASSAGES = {
    "derivation": "partially", "copy": "b", "words_a": 174, "words_b": 153,
    "a_in_b": 0.437, "b_in_a": 0.497, "overlap": 0.682, "shared_words": 72,
    "source_share": 0.621,
    "shared": [
        shared(8, 3, 3, "northern ferry terminal"),
        shared(13, 9, 10, "after inspectors found cracks in two of its loading ramps"),
        shared(0, 19, 3, "the harbour authority"),
        shared(23, 25, 24, "ferries to the islands of mell and oskarsay will leave from the "
                           "southern quay until repairs are finished the authority said in a "
                           "statement"),
        shared(61, 62, 4, "2 4 million crowns"),
        shared(82, 66, 17, "harbour director ilse vannick said the closure was a precaution "
                           "and that no one had been hurt"),
        shared(150, 123, 15, "the islands council asked the authority to add evening sailings "
                             "while the terminal is shut"),
    ],
}

# The independent report shares names and common words, not passages: not derived
# (its overlap is under 0.34, and it holds under a quarter of the wire's words).
OTHER_PASSAGES = {"derivation": None, "copy": "b", "words_a": 174, "words_b": 131,
                  "a_in_b": 0.017, "b_in_a": 0.046, "overlap": 0.297, "shared_words": 28,
                  "source_share": 0.241}

DERIVED_FROM = [{"id": WIRE, "outlet": "Harbor Wire", "derivation": "partially",
                 "share": 0.497, "passages": 7}]
EDGE = {"from": WIRE, "to": PAPER, "jaccard": 0.211, "containment": 0.373,
        "credited": False, "by": "passages"}

failed = 0


def expect(what, got, want):
    global failed
    if got != want:
        failed += 1
        print(f"FAIL {what}:\n  got:  {json.dumps(got, ensure_ascii=False)}\n"
              f"  want: {json.dumps(want, ensure_ascii=False)}")


def run(newsprint, *args):
    return subprocess.run([newsprint, *args], check=True, capture_output=True, text=True).stdout


# Urdu, written for this test: an agency's sentence and a paper's rewrite of it, which prints the
# number against the word after it ("11ارب"), the agency's "وزیراعظم" (prime minister) as two
# words and its "سٹاک" (stock) with an alef before the s. The paper's 20 distinct words: 9 spelt
# as the agency's, "11" and "ارب" cut apart, "وزیر اعظم" held as the agency's one word and
# "اسٹاک" as its word less one letter; the agency has 20 distinct words.
URDU_AGENCY = "کراچی سٹاک ایکسچینج میں 11 ارب روپے کا اضافہ ہوا اور وزیراعظم نے کہا کہ معیشت بہتر ہو رہی ہے"
URDU_PAPER = "کراچی اسٹاک مارکیٹ میں 11ارب روپے کا اضافہ ریکارڈ کیا گیا جبکہ وزیر اعظم نے معیشت پر بات کی"


def urdu_words(newsprint, tmp, db):
    """compare of the two, plain weights (under 50 bodies): in a new store's way of cutting
    and matching words 12 of the paper's 20 are held (0.6); in a store made before numbers were
    cut from right-to-left words (no tokenizer row), "11ارب" is one word the agency lacks: 10 of
    19; in one made before words were matched less a letter too (no passage_spelling row either),
    "اسٹاک" is not held: 9 of 19."""
    files = []
    for name, text, day in (("agency", URDU_AGENCY, "01"), ("paper", URDU_PAPER, "02")):
        files.append(os.path.join(tmp, name + ".jsonl"))
        with open(files[-1], "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": name, "outlet": name, "published": f"2014-12-{day}",
                                "text": text}, ensure_ascii=False) + "\n")
    cmp = json.loads(run(newsprint, "compare", "--db", db, *files))["passages"]
    expect("compare, Urdu: copy, overlap, shared words, source's share",
           [cmp["copy"], cmp["overlap"], cmp["shared_words"], cmp["source_share"]],
           ["b", 0.6, 9, 0.45])
    old = os.path.join(tmp, "old.db")
    run(newsprint, "ingest", "--db", old, files[0])
    for row, want in (("tokenizer", [0.526, 7, 0.35]), ("passage_spelling", [0.474, 7, 0.35])):
        with sqlite3.connect(old) as con:
            con.execute("DELETE FROM meta WHERE key = ?", (row,))
        con.close()
        cmp = json.loads(run(newsprint, "compare", "--db", old, *files))["passages"]
        expect(f"compare, Urdu, a store made before the {row} row: overlap, shared words",
               [cmp["overlap"], cmp["shared_words"], cmp["source_share"]], want)


def published_at_once(newsprint, tmp, stories):
    """The wire and the paper published at the same minute, the paper stored first: the times
    cannot tell which is the copy, so each is tiled against the other and the one more of which
    is shared is the copy, as compare decides. The paper is the copy, with the same figures as
    when it comes later (before, the new story was taken for the copy: the wire "derived" from
    the paper, 8 passages, overlap 0.629). With the times tied, the derivation makes the wire
    the origin (before: the paper, stored first, with a copy edge to the wire by similarity)."""
    records = {json.loads(line)["id"]: json.loads(line) for line in open(stories)}
    path = os.path.join(tmp, "at-once.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for rid in (PAPER, WIRE):
            f.write(json.dumps(dict(records[rid], published=records[WIRE]["published"])) + "\n")
    db = os.path.join(tmp, "at-once.db")
    out = run(newsprint, "ingest", "--db", db, "--passages", "--json", path)
    match = json.loads(out.splitlines()[1])["match"]
    expect("published at once: the wire's match",
           [match["id"], match["containment"], match["contains"], match["passages"],
            match["overlap"]], [PAPER, 0.437, 0.497, 7, 0.682])
    rep = json.loads(run(newsprint, "report", "--db", db, "--min-size", "1"))
    derived = {m["id"]: m.get("derived_from") for c in rep["clusters"] for m in c["members"]}
    expect("published at once: derived_from", [derived[WIRE], derived[PAPER]],
           [None, DERIVED_FROM])
    cluster = rep["clusters"][0]
    expect("published at once: origin, its evidence, the copy edge",
           [cluster["origin"]["id"], cluster["origin"]["evidence"],
            [(e["from"], e["to"], e["by"]) for e in cluster["edges"]]],
           [WIRE, ["published at the same time as another member",
                   "1 member derives from it by shared passages"], [(WIRE, PAPER, "passages")]])


def one_outlet_apart(newsprint, tmp, stories):
    """The wire's own later story: four sentences of its own, then five of the wire's earlier
    one (over half of it in passages, Jaccard under the near-duplicate threshold). Two days later
    it is a fuller version, linked wholly; a month later it is the wire's template filled anew
    (as its daily market reports are), and links nothing."""
    records = {json.loads(line)["id"]: json.loads(line) for line in open(stories)}
    wire, other = records[WIRE], records[OTHER]
    text = ". ".join(other["text"].split(". ")[:4]) + ". " + ". ".join(
        wire["text"].split(". ")[4:9])
    got = []
    for day in ("2025-05-03", "2025-05-31"):
        later = dict(wire, id="wire/ferry-later", text=text, published=day + "T08:00:00Z")
        path = os.path.join(tmp, "later.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(wire) + "\n" + json.dumps(later) + "\n")
        db = os.path.join(tmp, f"later-{day}.db")
        out = run(newsprint, "ingest", "--db", db, "--passages", "--json", path)
        d = json.loads(out.splitlines()[1])
        got.append([d["status"], d.get("match", {}).get("derivation")])
    expect("one outlet's story two days and a month later", got,
           [["near-duplicate", "wholly"], ["new", None]])


def help_defaults(newsprint, db):
    """ingest --help states the parameters a new store is made with: each option whose help
    gives a numeric default and names a stored parameter (--k is minhash_k)."""
    text = run(newsprint, "ingest", "--help")
    with sqlite3.connect(db) as con:
        meta = dict(con.execute("SELECT key, value FROM meta"))
    con.close()
    checked = []
    for block in re.split(r"\n(?=  --)", text):
        name = re.match(r"\s*--([a-z-]+)", block)
        said = re.search(r"\(default ([0-9.]+)", block)
        key = name and {"k": "minhash_k"}.get(name.group(1), name.group(1).replace("-", "_"))
        if said and key in meta:
            checked.append(name.group(1))
            expect(f"ingest --help: --{name.group(1)}'s default", float(said.group(1)),
                   float(meta[key]))
    expect("ingest --help: the defaults checked", checked,
           ["shingle-words", "k", "threshold", "containment", "passage-overlap",
            "passage-source"])


def main():
    root, newsprint = sys.argv[1], sys.argv[2]
    stories = os.path.join(root, "tests", "fixtures", "passages", "ferry.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "p.db")
        out = run(newsprint, "ingest", "--db", db, "--passages", "--json", stories)
        expect("ingest --json", [json.loads(line) for line in out.splitlines()], INGEST)

        cmp = json.loads(run(newsprint, "compare", "--db", db, WIRE, PAPER))
        expect("compare wire paper: passages", cmp["passages"], COMPARE_PASSAGES)
        # the other way round: the same figures, told of the paper as a
        cmp = json.loads(run(newsprint, "compare", "--db", db, PAPER, WIRE))
        turned = dict(COMPARE_PASSAGES, copy="a", words_a=153, words_b=174, a_in_b=0.497,
                      b_in_a=0.437, shared=[dict(s, a=s["b"], b=s["a"])
                                            for s in COMPARE_PASSAGES["shared"]])
        expect("compare paper wire: passages", cmp["passages"], turned)
        cmp = json.loads(run(newsprint, "compare", "--db", db, WIRE, OTHER))
        expect("compare wire other: passages",
               {k: v for k, v in cmp["passages"].items() if k != "shared"}, OTHER_PASSAGES)

        rep = json.loads(run(newsprint, "report", "--db", db, "--min-size", "1"))
        by_id = {m["id"]: (c, m) for c in rep["clusters"] for m in c["members"]}
        cluster, paper = by_id[PAPER]
        expect("report: the rewrite's cluster", [m["id"] for m in cluster["members"]],
               [WIRE, PAPER])
        expect("report: origin", cluster["origin"]["id"], WIRE)
        expect("report: derived_from", paper.get("derived_from"), DERIVED_FROM)
        expect("report: copy edge", cluster["edges"], [EDGE])
        expect("report: the independent report alone", len(by_id[OTHER][0]["members"]), 1)

        records = {json.loads(line)["id"]: json.loads(line) for line in open(stories)}
        followup = dict(records[PAPER], id="wire/ferry-followup", outlet=records[WIRE]["outlet"])
        path = os.path.join(tmp, "followup.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(followup) + "\n")
        cmp = json.loads(run(newsprint, "compare", "--db", db, WIRE, path))
        expect("compare wire, its own follow-up: derivation", cmp["passages"]["derivation"], None)
        expect("compare wire, its own follow-up: overlap", cmp["passages"]["overlap"],
               COMPARE_PASSAGES["overlap"])

        empty = os.path.join(tmp, "empty.jsonl")
        with open(empty, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "nothing", "text": ""}) + "\n")
        p = subprocess.run([newsprint, "compare", "--db", db, WIRE, empty], capture_output=True,
                           text=True)
        expect("compare with an empty body: status", p.returncode, 1)
        expect("compare with an empty body: message", p.stderr,
               "newsprint compare: nothing: empty body: nothing to compare\n")
        cmp = json.loads(p.stdout)
        expect("compare with an empty body: scores",
               [cmp["jaccard_estimate"], cmp["jaccard_exact"], cmp["passages"]["derivation"]],
               [0, 0, None])
        urdu_words(newsprint, tmp, db)
        help_defaults(newsprint, db)
        published_at_once(newsprint, tmp, stories)
        one_outlet_apart(newsprint, tmp, stories)
    print("ok" if not failed else f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
