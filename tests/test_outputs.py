#!/usr/bin/env python3
"""test_outputs.py — what newsprint writes is whole or it says so: a failed
write to standard output (a full disk: /dev/full) is exit 2 with a message,
for every command that prints; `report -o FILE` on a full disk leaves the
previous FILE as it was and no temporary file beside it; strings that were
not valid UTF-8 in the input reach every output as valid UTF-8, with a
warning.

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


BAD_RECORD = (b'{"id": "bad\xff\xfeid", "outlet": "Out\xe9let", "title": "T\xe9", '
              b'"url": "https://x.example/\xff", "lang": "e\xffn", "text": "caf\xe9 harbour '
              b'pilots vote to strike over the new winter rota at the port of ellis"}\n'
              b'{"id": \xff\xfe}\n')
FFFD = "\ufffd"


def strict(data, what, t):
    """data decoded as UTF-8, strictly; None (a failed check) when it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        t.check(False, f"{what}: not UTF-8 ({e})")
        return None


def valid_utf8(t, prog):
    """Invalid bytes in every field of a record, and in a line that is no
    JSON: each output is valid UTF-8 (and JSON where it is JSON)."""
    path, db = t.path("bad-utf8.jsonl"), t.path("utf8.db")
    with open(path, "wb") as f:
        f.write(BAD_RECORD)
    p = subprocess.run([prog, "ingest", "--json", "--db", db, path], capture_output=True)
    out, err = strict(p.stdout, "ingest --json", t), strict(p.stderr, "ingest's messages", t)
    want_id = f"bad{FFFD}{FFFD}id"
    if out is not None:
        t.eq([json.loads(x) for x in out.splitlines()], [
            {"id": want_id, "status": "new", "cluster": 1,
             "warning": "7 invalid UTF-8 sequences replaced by U+FFFD"},
            {"id": None, "status": "skipped",
             "error": f"{path}:2: invalid JSON near '{FFFD}{FFFD}}}'"}], "ingest --json")
    if err is not None:
        t.eq(err.splitlines()[0], f"newsprint ingest: warning: {want_id}: 7 invalid UTF-8 "
             "sequences replaced by U+FFFD", "the warning")
    for fmt in ("json", "csv", "md", "html"):
        p = subprocess.run([prog, "report", "--db", db, "--min-size", "1", "--format", fmt],
                           capture_output=True)
        text = strict(p.stdout, f"report --format {fmt}", t)
        if fmt == "json" and text is not None:
            member = json.loads(text)["clusters"][0]["members"][0]
            t.eq((member["id"], member["outlet"], member["title"]),
                 (want_id, f"Out{FFFD}let", f"T{FFFD}"), "the report's strings")
    p = subprocess.run([prog, "segment", path], capture_output=True)
    text = strict(p.stdout, "segment", t)
    if text is not None:
        t.eq(json.loads(text)["body"], [f"caf{FFFD} harbour pilots vote to strike over the new "
                                        "winter rota at the port of ellis"], "segment's body")


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
    valid_utf8(t, prog)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
