#!/usr/bin/env python3
"""test_pgserver.py — the private PostgreSQL server of tests/pgserver.py: it
starts with a database that answers over TCP and the Unix socket, keeps its
data over a restart, refuses a wrong password in the password variant, and
leaves no folder and no server behind."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nptest import Suite  # noqa: E402
from pgserver import PgServer  # noqa: E402


def psql_url(pg, url, sql):
    """(exit status, output) of psql over a URL, as a client would connect."""
    p = subprocess.run([os.path.join(pg.bin, "psql"), "-X", "-A", "-t", "-d", url, "-c", sql],
                       capture_output=True, text=True, env=dict(os.environ, PGCONNECT_TIMEOUT="5"))
    return p.returncode, (p.stdout + p.stderr).strip()


def main():
    t = Suite("pgserver")
    with PgServer() as pg:
        folder = pg.dir
        pg.psql("CREATE TABLE t(x bigint); INSERT INTO t VALUES (41), (1)")
        t.eq(pg.psql("SELECT sum(x) FROM t"), [("42",)], "a query over the socket")
        t.eq(psql_url(pg, pg.url(), "SELECT count(*) FROM t"), (0, "2"), "over TCP")
        t.eq(psql_url(pg, pg.socket_url(), "SELECT count(*) FROM t"), (0, "2"),
             "over the socket URL")
        t.eq(pg.psql("SELECT NULL, 'a|b'"), [(None, "a|b")], "NULL and a separator")
        pg.restart()
        t.eq(pg.psql("SELECT sum(x) FROM t"), [("42",)], "the data kept over a restart")
        t.eq(pg.psql("SHOW port"), [(str(pg.port),)], "the same port after a restart")
    t.check(not os.path.exists(folder), "the folder removed after the with-block")
    t.check(psql_url(pg, pg.url(), "SELECT 1")[0] != 0, "no server listens afterwards")

    with PgServer(password="s3cret") as pg:
        t.eq(psql_url(pg, pg.url(password="s3cret"), "SELECT 1"), (0, "1"), "the right password")
        rc, out = psql_url(pg, pg.url(password="wrong"), "SELECT 1")
        t.check(rc != 0 and "password authentication failed" in out, f"a wrong password: {out}")

    try:  # a failure inside the block still stops and removes the server
        with PgServer() as pg:
            folder = pg.dir
            raise KeyError("a failing test")
    except KeyError:
        pass
    t.check(not os.path.exists(folder), "the folder removed after a failure")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
