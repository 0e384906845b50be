"""nptest.py — what the Python test drivers (test_cli_badinput.py,
test_crash.py, test_concurrency.py) share: a scratch folder, running the
newsprint program, reading a store, and checks that count their failures
(like tests/check.h) so that one run reports every broken expectation."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

# Exit statuses of the command-line contract (docs/cli.md).
EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

# The uid a test run as root drops to where file permissions must bite.
NOBODY = 65534


def as_nobody():
    """preexec_fn: as root, become nobody (for whom a 0444 file is read-only)."""
    if os.geteuid() == 0:
        os.setgid(NOBODY)
        os.setuid(NOBODY)


class Suite:
    """Counts failed checks; done() prints the count and gives the exit status."""

    def __init__(self, name):
        self.name = name
        self.failures = 0
        self.tmp = tempfile.mkdtemp(prefix=f"np-{name}-")

    def check(self, cond, what):
        if not cond:
            print(f"{self.name}: CHECK failed: {what}", file=sys.stderr)
            self.failures += 1
        return cond

    def eq(self, got, want, what):
        return self.check(got == want, f"{what}\n  got:  {got!r}\n  want: {want!r}")

    def path(self, *names):
        return os.path.join(self.tmp, *names)

    def done(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.failures:
            print(f"{self.name}: {self.failures} check(s) failed", file=sys.stderr)
            return 1
        return 0


def run(prog, *args, stdin=None, preexec_fn=None, cwd=None):
    """Runs newsprint with args; returns (exit status, stdout, stderr) as text."""
    p = subprocess.run([prog, *args], input=stdin, capture_output=True, cwd=cwd,
                       preexec_fn=preexec_fn)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def summary_line(err, cmd="ingest"):
    """The summary line of a run's standard error, its timing cut off."""
    for line in err.splitlines():
        if line.startswith(cmd + ": read "):
            return re.sub(r" in [0-9.]+ s$", "", line)
    return None


def query(db_path, sql, *params):
    """Rows of one query against a store, opened read-only."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def gen_corpus(gen, out_dir, stories, seed):
    """A gen_corpus JSON Lines file of this many stories (made once per folder)."""
    path = os.path.join(out_dir, f"corpus-{stories}-{seed}.jsonl")
    if not os.path.exists(path):
        subprocess.run([gen, "--out", path, "--truth", path + ".tsv", "--stories",
                        str(stories), "--seed", str(seed)], check=True, capture_output=True)
    return path


# Each story's id and cluster, and its cluster's origin (NULL for a cluster
# of one, which has no attribution row): the same SQL on either backend.
CLUSTERS_SQL = ("SELECT s.id, s.cluster, o.id FROM stories s"
                " LEFT JOIN clusters c ON c.id = s.cluster"
                " LEFT JOIN stories o ON o.sid = c.origin_sid")


def normalised(rows):
    """Rows of CLUSTERS_SQL as (clusters, ids): the clusters as a set of
    (members, origin), members a frozenset of story ids, which compares
    stores whatever their cluster ids; and each story's cluster id."""
    members, origin, ids = {}, {}, {}
    for sid, cluster, orig in rows:
        members.setdefault(str(cluster), set()).add(sid)
        origin[str(cluster)] = orig
        ids[sid] = str(cluster)
    clusters = set()
    for c, m in members.items():
        o = origin[c] if origin[c] is not None or len(m) > 1 else next(iter(m))
        clusters.add((frozenset(m), o))
    return clusters, ids


def sqlite_clusters(db_path):
    """normalised() of a SQLite store."""
    return normalised(query(db_path, CLUSTERS_SQL))


def canonical_lines(path):
    """The JSON Lines of path in canonical order: publication time (as the
    generated corpus writes it, UTC ISO 8601, which sorts as text), stories
    without one last, then id."""
    import json
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)

    def key(line):
        o = json.loads(line)
        p = o.get("published")
        return (p is None, p or "", o["id"])
    return sorted(lines, key=key)
