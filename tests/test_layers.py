#!/usr/bin/env python3
"""tests/test_layers.py SRC — the layers of src/ run one way.

src/ holds one folder per stage, in the order data flows (LAYERS below). A file
may include headers of its own folder, of the folders before it, and the public
newsprint.h; never of a folder after it. No module (a .c file with its .h, and
a folder's private X_int.h with X) may reach itself again through includes: a
circle makes a group of files that can only be read, tested or replaced
together.

Every `#include "..."` line under SRC is read. A back edge is reported as
`file:line: <folder> includes <header> of the later folder <folder>`; a circle
as the modules that form it. Before reading SRC the check runs on small fake
trees holding one back edge and one circle, and fails if it does not find them,
so a check that has stopped finding anything cannot pass.
"""
import os
import re
import sys
import tempfile

# The stages in the order data flows; a folder includes only those before it.
# The store is three: its interface (store/), the backends that implement it
# (store/sqlite/, one folder a backend) and the choice of a backend from a
# --db string (store/open/), which only the later layers see.
LAYERS = ["util", "read", "segment", "fingerprint", "index", "passage", "cluster",
          "attribute", "store", "store/sqlite", "store/postgresql", "store/open", "engine", "report", "cli"]
# Headers from include/: the public API, which every layer may use.
PUBLIC = {"newsprint.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(src):
    """Every .c and .h under src, as paths relative to it."""
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(root, f), src)


def includes(src, rel):
    """(line number, included path relative to src) of each quoted include."""
    with open(os.path.join(src, rel), encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m or m.group(1) in PUBLIC:
                continue
            name = m.group(1)
            if "/" not in name:  # found beside the including file
                name = os.path.join(os.path.dirname(rel), name)
            yield no, os.path.normpath(name)


def folder(rel):
    """The folder of a file, as LAYERS names it ("store/sqlite")."""
    return os.path.dirname(rel).replace(os.sep, "/")


def module(rel):
    """A .c file and its .h are one module; so is a folder's private header
    (store/sqlite/sqlite_int.h belongs to store/sqlite/sqlite)."""
    stem = os.path.splitext(rel)[0]
    return stem[:-len("_int")] if stem.endswith("_int") else stem


def back_edges(src, graph):
    """Problems of files that include a later folder, a folder of no layer or a
    header that is not there; fills graph (module -> modules it includes)."""
    problems = []
    for rel in sources(src):
        here = folder(rel)
        if here not in LAYERS:
            problems.append(f"{rel}: the folder '{here}' is no layer of {LAYERS}")
            continue
        for no, inc in includes(src, rel):
            there = folder(inc)
            if not os.path.exists(os.path.join(src, inc)):
                problems.append(f"{rel}:{no}: includes {inc}, which is not under src/")
            elif there not in LAYERS:
                problems.append(f"{rel}:{no}: includes {inc} of the folder '{there}', no layer")
            elif LAYERS.index(there) > LAYERS.index(here):
                problems.append(f"{rel}:{no}: {here} includes {inc} of the later folder {there}")
            graph.setdefault(module(rel), set()).add(module(inc))
    return problems


def circles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w == v:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def check(src):
    graph = {}
    problems = back_edges(src, graph)
    problems += ["a circle of modules: " + " -> ".join(c) for c in circles(graph)]
    return problems


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def self_test():
    """The check finds a back edge (naming file and line) and a circle in fake
    trees, and passes a fake tree that runs one way."""
    good = {"util/a.h": "", "util/a.c": '#include "util/a.h"\n',
            "store/s.h": '#include "util/a.h"\n#include "newsprint.h"\n',
            "store/s.c": '#include "store/s.h"\n'}
    back = dict(good)
    back["util/a.c"] = '#include "util/a.h"\n\n#include "store/s.h"\n'
    circle = dict(good)
    circle.update({"store/t.h": '#include "store/s.h"\n', "store/s.c": '#include "store/t.h"\n',
                   "store/t.c": '#include "store/s.h"\n'})
    sub = dict(good)
    sub.update({"store/sqlite/q.h": '#include "util/a.h"\n',
                "store/s.c": '#include "store/s.h"\n#include "store/sqlite/q.h"\n'})
    cases = [(good, []),
             (sub, ["store/s.c:2: store includes store/sqlite/q.h of the later folder "
                    "store/sqlite"]),
             (back, ["util/a.c:3: util includes store/s.h of the later folder store",
                     "a circle of modules: store/s -> util/a"]),
             (circle, ["a circle of modules: store/s -> store/t"])]
    failed = 0
    for files, want in cases:
        with tempfile.TemporaryDirectory() as root:
            write_tree(root, files)
            got = check(root)
        if got != want:
            print(f"self-test: wanted {want}, got {got}")
            failed = 1
    return failed


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if self_test():
        sys.exit("test_layers: the check does not find what it must")
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    print(f"test_layers: {len(problems)} problem(s) in {sys.argv[1]}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
