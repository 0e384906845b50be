"""test_streaming.py — `check -` and `ingest --json -` answer each story as
its line arrives: a slow writer sends one JSON line, waits for
its decision, and only then sends the next. The first decision must come
before the second line is written; with ingest, a decision read is a story
already committed, visible to another process."""

import json
import os
import select
import subprocess
import sys

import nptest

# How long a decision may take to come back before the test calls it stuck:
# far above the few milliseconds one story takes, even under the sanitizers.
ANSWER_SECONDS = 20

WIRE = ("The city council voted on Tuesday to close the old bridge over the river for "
        "repairs that are expected to last until next spring, officials said. Traffic "
        "will be diverted through the northern ring road while engineers replace the "
        "steel supports, which an inspection last year found to be badly corroded. ")


def record(rid, text, outlet):
    return json.dumps({"id": rid, "text": text, "outlet": outlet,
                       "published": "2024-03-05T10:00:00Z"}) + "\n"


def read_decision(s, proc, what):
    """The next decision line of proc, or None when none comes in time."""
    ready, _, _ = select.select([proc.stdout], [], [], ANSWER_SECONDS)
    if not s.check(ready, f"{what}: a decision within {ANSWER_SECONDS} s"):
        return None
    line = proc.stdout.readline()
    s.check(line.endswith("\n"), f"{what}: a whole line ({line!r})")
    return json.loads(line) if line.strip() else None


def slow_writer(s, prog, args, first, second):
    """Sends first, waits for its decision, then second; returns the two decisions."""
    proc = subprocess.Popen([prog, *args, "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            bufsize=1)
    proc.stdin.write(first)
    proc.stdin.flush()
    d1 = read_decision(s, proc, f"{args[0]}: the first line")
    after_first = None
    if args[0] == "ingest" and d1:
        # another process sees the story the decision was given for
        code, out, _ = nptest.run(prog, "report", "--db", args[args.index("--db") + 1],
                                  "--format", "json", "--min-size", "1")
        after_first = json.loads(out)["stories"] if code == 0 else None
    proc.stdin.write(second)
    proc.stdin.flush()
    d2 = read_decision(s, proc, f"{args[0]}: the second line")
    proc.stdin.close()
    code = proc.wait(timeout=ANSWER_SECONDS)
    s.eq(code, nptest.EXIT_OK, f"{args[0]}: exit status")
    s.eq(proc.stdout.read(), "", f"{args[0]}: nothing after the two decisions")
    return d1, d2, after_first


def main():
    prog = sys.argv[1]
    s = nptest.Suite("test_streaming")
    db = s.path("s.db")
    first = record("wire-1", WIRE * 2, "Wire")
    copy = record("paper-1", "From our correspondent. " + WIRE * 2, "Paper")

    d1, d2, seen = slow_writer(s, prog, ["ingest", "--db", db, "--json"], first, copy)
    s.eq((d1 or {}).get("id"), "wire-1", "ingest: the first decision is the first story's")
    s.eq((d1 or {}).get("status"), "new", "ingest: the first story is new")
    s.eq(seen, 1, "ingest: the story answered is committed before its decision is read")
    s.eq((d2 or {}).get("status"), "near-duplicate", "ingest: the copy is a near-duplicate")
    s.eq(((d2 or {}).get("match") or {}).get("id"), "wire-1", "ingest: of the wire story")

    other = record("other-1", "Floods closed schools across the province on Monday as the "
                   "river rose above its banks for the third time this year. " * 3, "Paper")
    d1, d2, _ = slow_writer(s, prog, ["check", "--db", db], copy.replace("paper-1", "p-2"),
                            other)
    s.eq((d1 or {}).get("status"), "duplicate", "check: the first decision, at once")
    s.eq(((d1 or {}).get("match") or {}).get("id"), "paper-1", "check: of the stored copy")
    s.eq((d2 or {}).get("status"), "new", "check: the second")
    return s.done()


if __name__ == "__main__":
    sys.exit(main())
