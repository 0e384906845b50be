#!/usr/bin/env python3
"""test_known_bugs.py — bugs found by the reliability work (issue 9) in files
owned by others, each as a test that fails while the bug is there. meson runs
this file with should_fail: it passes while every bug is present, and turns
red once one is fixed, so that the fixer moves that test into
test_cli_badinput.py and deletes it here.

usage: test_known_bugs.py NEWSPRINT
"""

import os
import sys

import nptest


def test_store_in_read_only_folder(t, prog):
    """/* BUG: src/store.c np_store_open/prepare_all: `check` and `report` on a
    store whose folder is read-only (an archive, a read-only mount) fail with
    "not a newsprint store (or a damaged one): attempt to write a readonly
    database". A WAL store with no -shm file cannot be opened read-only
    where the -shm cannot be created (SQLITE_READONLY_CANTINIT), and every
    prepare failure is reported as a damaged store. Expected: check and
    report work (e.g. reopen with the URI parameter immutable=1 when the
    folder is not writable), or at least a message that names the cause:
    "the folder is read-only: copy the store to a writable folder". */"""
    folder = t.path("archive")
    os.mkdir(folder)
    os.chmod(t.tmp, 0o755)
    db = os.path.join(folder, "s.db")
    story = t.path("story.jsonl")
    with open(story, "w") as f:
        f.write('{"id":"a","text":"The harbour pilots agreed a new contract on Monday after '
                'talks that lasted most of the winter."}\n')
    os.chmod(story, 0o644)
    nptest.run(prog, "ingest", "--db", db, story)
    os.chmod(folder, 0o555)
    rc, _, err = nptest.run(prog, "report", "--db", db, preexec_fn=nptest.as_nobody)
    os.chmod(folder, 0o755)  # so that the scratch folder can be removed
    t.eq((rc, err), (nptest.EXIT_OK, ""), "report on a store in a read-only folder")


def main():
    t = nptest.Suite("test_known_bugs")
    test_store_in_read_only_folder(t, sys.argv[1])
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
