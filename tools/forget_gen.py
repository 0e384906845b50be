#!/usr/bin/env python3
"""forget_gen.py — JSON Lines for measuring `newsprint forget` (benchmarks/README.md,
"Forgetting"): OTHERS unrelated stories, then one wire story carried by CLUSTER
outlets, each copy ending in its own few words, so that the copies make one cluster.

Usage: forget_gen.py CLUSTER OTHERS OUT.jsonl"""
import json
import random
import sys

WORDS = ("river council bridge ferry school market harbour mayor budget road train station "
         "village county farmer rain storm museum library hospital nurse teacher police court "
         "judge minister vote tax energy wind solar port").split()
WIRE_WORDS, OTHER_WORDS, OWN_WORDS = 200, 150, 4  # a long story; a copy's own ending
OTHER_SEED, COPY_SEED = 1000, 50000               # seeds of the texts, apart from the wire's (7)


def words(seed, n):
    r = random.Random(seed)
    return " ".join(r.choice(WORDS) for _ in range(n))


def records(cluster, others):
    for i in range(others):
        yield {"id": f"o{i}", "outlet": f"O{i % 50}",
               "published": f"2025-01-{1 + i % 28:02d}T10:00:00Z",
               "text": words(OTHER_SEED + i, OTHER_WORDS) + "."}
    wire = words(7, WIRE_WORDS)
    for i in range(cluster):
        yield {"id": f"w{i}", "outlet": f"P{i}",
               "published": f"2025-02-01T{i // 60 % 24:02d}:{i % 60:02d}:00Z",
               "text": wire + " " + words(COPY_SEED + i, OWN_WORDS) + "."}


def main():
    cluster, others, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with open(out, "w") as f:
        for r in records(cluster, others):
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
