#!/usr/bin/env python3
"""giant.py: a corpus with one wire story copied N times, as JSON Lines.

Issue 18 item 6: one true cluster of thousands of members (a wire story
carried by thousands of sites) must ingest at the rate of the rest. This
writes the wire story, N copies of it (each by its own outlet, later than
the wire, a few words edited, most crediting the wire) and N unrelated
single stories, shuffled together; with --no-giant the copies are replaced by
as many more single stories, and with --wires M the copies are shared out
among M wire stories (--wires 250 --copies 10000: clusters of 41, the
generated corpus's largest), the corpora to compare against.

    benchmarks/giant.py --copies 10000 > /tmp/giant.jsonl
    benchmarks/giant.py --copies 10000 --wires 250 > /tmp/small.jsonl
    benchmarks/giant.py --copies 10000 --no-giant > /tmp/flat.jsonl

With --into FILE the wire story and its copies (no single stories) are
spread through the records of FILE (a generated corpus), one before every
--every-th record from the first:

    benchmarks/giant.py --copies 20000 --into gen280k.jsonl --every 14 > mix.jsonl

Deterministic from --seed.
"""
import argparse
import json
import random
import sys

# A body of about the generated corpus's mean record (3.7 KB:
# benchmarks/README.md), in words of 6 letters or so.
BODY_WORDS = 520
PARAGRAPH_WORDS = 65
# Share of a copy's words replaced (the generator's copy-edit is 2-10%).
EDIT_SHARE = 0.03
# Share of copies that credit the wire (the generator's default is 60%).
CREDIT_SHARE = 0.6
# Copies follow the wire by up to this many seconds (two days).
SPREAD_SECONDS = 2 * 86400
WIRE = "Northgate Wire"
WIRE_URL = "https://northgatewire.example/2025/03/03/giant-wire-story"
T0 = 1740980400  # 2025-03-03T05:40:00Z, the sample's wire story


def word(rng):
    syll = ["ka", "lo", "mi", "ra", "te", "su", "ven", "dor", "pel", "gan", "tri", "mos",
            "ul", "bre", "sha", "quo", "fin", "lat", "zer", "ho", "wen", "pri", "das", "nol"]
    return "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))


def body(rng, n=BODY_WORDS):
    words = [word(rng) for _ in range(n)]
    paras = [" ".join(words[i:i + PARAGRAPH_WORDS]) + "."
             for i in range(0, n, PARAGRAPH_WORDS)]
    return paras


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def record(sid, outlet, t, paras, url, title):
    return {"id": sid, "outlet": outlet, "published": iso(t), "url": url, "title": title,
            "lang": "en", "text": "\n\n".join(paras)}


def copy_of(rng, wire_paras, i, w):
    paras = []
    for p in wire_paras:
        words = p.split(" ")
        for j in range(len(words)):
            if rng.random() < EDIT_SHARE:
                words[j] = word(rng)
        paras.append(" ".join(words))
    if rng.random() < CREDIT_SHARE:
        paras.append("Source: " + WIRE)
    t = T0 + 60 + rng.randrange(SPREAD_SECONDS)
    return record(f"copy-{w:04d}-{i:06d}", f"Outlet {i:06d}", t, paras,
                  f"https://outlet{i:06d}.example/news/wire-story", "Wire story, as carried")


def single(rng, i):
    t = T0 + rng.randrange(SPREAD_SECONDS)
    return record(f"single-{i:06d}", f"Paper {i % 997:03d}", t, body(rng),
                  f"https://paper{i % 997:03d}.example/news/{i}", f"Local story {i}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=10000, help="copies of the wire story")
    ap.add_argument("--no-giant", action="store_true",
                    help="single stories instead of the wire story and its copies")
    ap.add_argument("--wires", type=int, default=1,
                    help="wire stories the copies are shared out among")
    ap.add_argument("--into", help="JSON Lines to spread the wire story and its copies through")
    ap.add_argument("--every", type=int, default=14, help="with --into: records between copies")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    recs = [single(rng, i) for i in range(a.copies)]
    wires = []
    if a.no_giant:
        recs += [single(rng, a.copies + i) for i in range(a.copies + 1)]
    else:
        for w in range(a.wires):
            paras = body(rng)
            paras[0] = "PORT ELLIS (NGW) \u2014 " + paras[0]
            wires.append(paras)
            recs.append(record(f"wire-{w:04d}", WIRE, T0 + w, paras, f"{WIRE_URL}-{w}",
                               "Wire story"))
        recs += [copy_of(rng, wires[i % a.wires], i, i % a.wires) for i in range(a.copies)]
    firsts = recs[a.copies:a.copies + len(wires)]
    del recs[a.copies:a.copies + len(wires)]
    rng.shuffle(recs)
    recs[0:0] = firsts  # the wires first, as they are published first
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in recs]
    if a.into:
        lines = spread([l for l, r in zip(lines, recs) if not r["id"].startswith("single-")],
                       a.into, a.every)
    sys.stdout.writelines(lines)


def spread(copies, path, every):
    """The records of path with one of copies before every every-th, the rest after."""
    out, left = [], iter(copies)
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            copy = next(left, None) if i % every == 0 else None
            if copy:
                out.append(copy)
            out.append(line)
    out.extend(left)
    return out


if __name__ == "__main__":
    main()
