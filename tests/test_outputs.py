#!/usr/bin/env python3
"""test_outputs.py — what newsprint writes is whole or it says so (issue 19,
items 5-6): a failed write to standard output (a full disk: /dev/full) is
exit 2 with a message, for every command that prints; `report -o FILE` on
a full disk leaves the previous FILE as it was and no temporary file
beside it; strings that were not valid UTF-8 in the input reach every
output as valid UTF-8, with a warning.

The full disk of -o is RLIMIT_FSIZE (SIGXFSZ ignored), as in
test_cli_badinput.py: write(2) fails with EFBIG past the limit.

usage: test_outputs.py NEWSPRINT GEN_CORPUS
"""

import json
import os
import resource
import signal
import subprocess
import sys

import nptest

STORIES = 1000       # a report of about 250 KB
FSIZE_LIMIT = 65536  # above the store's 32 KB -shm file, below the report
SEED = 13
ENOSPC = "No space left on device"


def run_to_full(prog, *args):
    """Runs newsprint with standard output on /dev/full."""
    with open("/dev/full", "wb") as full:
        p = subprocess.run([prog, *args], stdout=full, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def small_disk():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def full_stdout(t, prog, db, corpus):
    first = nptest.run(prog, "report", "--db", db)[1]
    some_id = json.loads(first)["clusters"][0]["members"][0]["id"]
    for args in (["check", "--db", db, corpus], ["sign", corpus], ["segment", corpus],
                 ["compare", "--db", db, some_id, some_id], ["links", "--db", db, some_id],
                 ["report", "--db", db], ["ingest", "--json", "--db", t.path("new.db"), corpus]):
        rc, err = run_to_full(prog, *args)
        last = err.splitlines()[-1] if err else ""
        # the reason is known when the last flush is the write that failed
        want = (f"newsprint {args[0]}: cannot write the report: write error"
                if args[0] == "report" else f"newsprint {args[0]}: cannot write standard output")
        t.eq((rc, last.replace(": " + ENOSPC, "")), (nptest.EXIT_USAGE, want),
             f"{args[0]} to a full disk")


def report_in_place(t, prog, db):
    out = t.path("out", "report.json")
    os.mkdir(t.path("out"))
    rc, _, err = nptest.run(prog, "report", "--db", db, "-o", out)
    t.eq((rc, err), (nptest.EXIT_OK, ""), "report -o")
    with open(out, "rb") as f:
        whole = f.read()
    t.check(len(whole) > FSIZE_LIMIT, f"the report ({len(whole)} bytes) outgrows the limit")
    t.eq(os.stat(out).st_mode & 0o777, 0o666 & ~current_umask(), "the report's permissions")
    t.eq(subprocess.run([prog, "report", "--db", db, "--format", "md", "-o", out],
                        preexec_fn=small_disk, capture_output=True).returncode,
         nptest.EXIT_USAGE, "report -o to a full disk")
    with open(out, "rb") as f:
        t.check(f.read() == whole, "the previous report is left whole")
    t.eq(os.listdir(t.path("out")), ["report.json"], "no temporary file left beside it")


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main():
    prog, gen = sys.argv[1], sys.argv[2]
    t = nptest.Suite("test_outputs")
    corpus = nptest.gen_corpus(gen, t.tmp, STORIES, SEED)
    db = t.path("s.db")
    t.eq(nptest.run(prog, "ingest", "--db", db, corpus)[0], nptest.EXIT_OK, "ingest")
    full_stdout(t, prog, db, corpus)
    report_in_place(t, prog, db)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
