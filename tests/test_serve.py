"""test_serve.py PROG — `newsprint serve` (issue 21): every endpoint's real
answer, the errors (400 with the library's message, 404, 405, 413), 16
clients ingesting at once, a client gone mid-body, `report` from another
process while serving, and SIGTERM during a stream of ingests losing no
acknowledged story. The server listens on a free loopback port (port 0) or
a Unix socket; every wait is bounded. The endpoints are asked again of a
server on a PostgreSQL store (a private server, tests/pgserver.py): the
same answers."""

import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse

import nptest
from pgserver import PgServer

# How long the server may take to start, answer or stop before the test
# calls it stuck: far above what it takes, even under the sanitizers.
WAIT_SECONDS = 30
CLIENTS = 16

WIRE = ("The city council voted on Tuesday to close the old bridge over the river for "
        "repairs that are expected to last until next spring, officials said. Traffic "
        "will be diverted through the northern ring road while engineers replace the "
        "steel supports, which an inspection last year found to be badly corroded. ")


def distinct_text(i):
    """A body of its own for story i: no two match."""
    words = [f"w{i}x{j}" for j in range(60)]
    return " ".join(words) + "."


def record(rid, text, outlet="Wire", published="2024-03-05T10:00:00Z"):
    return {"id": rid, "text": text, "outlet": outlet, "published": published}


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=WAIT_SECONDS)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(WAIT_SECONDS)
        self.sock.connect(self.path)


class Server:
    def __init__(self, s, prog, db, *where):
        self.s = s
        self.proc = subprocess.Popen([prog, "serve", "--db", db, *where],
                                     stderr=subprocess.PIPE, text=True)
        self.port = None
        self.sock = None
        line = self.read_line()
        if s.check(line and "listening on" in line, f"a listening line ({line!r})"):
            if "unix:" in line:
                self.sock = line.split("unix:", 1)[1].strip()
            else:
                self.port = int(line.rsplit(":", 1)[1])

    def read_line(self):
        ready, _, _ = select.select([self.proc.stderr], [], [], WAIT_SECONDS)
        return self.proc.stderr.readline() if ready else None

    def conn(self):
        if self.sock:
            return UnixConnection(self.sock)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)

    def request(self, method, path, body=None):
        """(status, content type, body text) of one request."""
        c = self.conn()
        try:
            c.request(method, path, body=body)
            r = c.getresponse()
            return r.status, r.getheader("Content-Type"), r.read().decode("utf-8")
        finally:
            c.close()

    def json(self, method, path, body=None):
        st, _, text = self.request(method, path, body)
        return st, json.loads(text) if text.strip().startswith(("{", "[")) else text

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        rest = self.proc.stderr.read()
        self.s.eq(rc, 0, f"serve exits 0 on {sig.name} ({rest!r})")
        return rc


def endpoints(s, srv):
    st, d = srv.json("POST", "/ingest", json.dumps(record("wire-1", WIRE)))
    s.eq((st, d.get("id"), d.get("status")), (200, "wire-1", "new"), "ingest one story")
    cluster = d.get("cluster")
    st, d = srv.json("POST", "/ingest", json.dumps(record("paper-1", WIRE, "Paper",
                                                                  "2024-03-05T14:00:00Z")))
    s.eq((st, d.get("status"), d.get("cluster")), (200, "duplicate", cluster),
         "ingest a copy: duplicate in the same cluster")
    s.eq(d.get("match", {}).get("id"), "wire-1", "the copy's match")
    body = (json.dumps(record("c-1", WIRE)) + "\n" + json.dumps(record("c-2", distinct_text(1)))
            + "\n")
    st, ctype, text = srv.request("POST", "/check", body)
    lines = [json.loads(x) for x in text.splitlines()]
    s.eq([(x["id"], x["status"]) for x in lines], [("c-1", "duplicate"), ("c-2", "new")],
         "check of JSON Lines: decisions in input order")
    s.eq(ctype, "application/x-ndjson", "JSON Lines answered as such")
    st, d = srv.json("GET", "/stories/paper-1")
    s.eq((st, d.get("id"), d.get("cluster"), d.get("origin", {}).get("id")),
         (200, "paper-1", cluster, "wire-1"), "GET /stories: its cluster and origin")
    s.eq([m["id"] for m in d.get("matches", [])], ["wire-1"], "GET /stories: its matches")
    st, d = srv.json("GET", f"/clusters/{cluster}")
    s.eq((st, d.get("id"), d.get("size")), (200, cluster, 2), "GET /clusters: id and size")
    s.eq(sorted(m["id"] for m in d.get("members", [])), ["paper-1", "wire-1"],
         "GET /clusters: the members")
    s.eq(srv.json("GET", "/health"), (200, {"status": "ok", "stories": 2}),
         "GET /health: the stories committed (check stores nothing)")
    st, _, text = srv.request("GET", "/metrics")
    s.check('newsprint_requests_total{endpoint="ingest",code="200"} 2' in text,
            f"metrics count the ingests:\n{text}")
    s.check('newsprint_decisions_total{status="duplicate"} 2' in text,
            "metrics count decisions by status")
    s.check("newsprint_stories 2" in text and "newsprint_request_seconds_bucket" in text,
            "metrics: stories and the latency histogram")


def odd_ids(s, srv):
    rid = "feeds/a b?c%d"
    st, d = srv.json("POST", "/ingest", json.dumps(record(rid, distinct_text(2))))
    s.eq((st, d.get("id")), (200, rid), "an id with / space ? %")
    st, d = srv.json("GET", "/stories/" + urllib.parse.quote(rid, safe=""))
    s.eq((st, d.get("id")), (200, rid), "GET /stories with the id percent-encoded")


def forget(s, srv):
    srv.json("POST", "/ingest", json.dumps(record("gone-1", distinct_text(4))))
    st, before = srv.json("GET", "/health")
    st, d = srv.json("DELETE", "/stories/gone-1")
    s.eq((st, d), (200, {"id": "gone-1", "forgotten": True}), "DELETE /stories forgets")
    st, d = srv.json("GET", "/stories/gone-1")
    s.eq(st, 404, "a forgotten story is not found")
    st, d = srv.json("DELETE", "/stories/gone-1")
    s.check(st == 404 and "gone-1" in d.get("error", ""), f"forgetting it again: 404 ({st} {d})")
    s.eq(srv.json("GET", "/health")[1]["stories"], before["stories"] - 1, "health counts one fewer")


def errors(s, srv):
    st, d = srv.json("POST", "/check", "{not json")
    s.check(st == 400 and "JSON" in d.get("error", ""), f"bad JSON: 400 with a message ({st} {d})")
    st, d = srv.json("POST", "/ingest", json.dumps({"text": WIRE}))
    s.check(st == 400 and "id" in d.get("error", ""), f"a record with no id: 400 ({st} {d})")
    st, d = srv.json("POST", "/ingest", "")
    s.check(st == 400 and "empty" in d.get("error", ""), f"an empty body: 400 ({st} {d})")
    for path, what in (("/stories/nobody", "unknown story"), ("/clusters/999999", "unknown cluster"),
                       ("/clusters/abc", "a cluster id not a number"), ("/nowhere", "unknown path")):
        st, d = srv.json("GET", path)
        s.check(st == 404 and d.get("error"), f"{what}: 404 with a message ({st} {d})")
    st, _ = srv.json("GET", "/ingest")
    s.eq(st, 405, "GET /ingest: wrong method")
    st, _ = srv.json("POST", "/health", "{}")
    s.eq(st, 405, "POST /health: wrong method")


def raw(srv, data, read=True):
    """Sends data on a bare connection; the answer's first line, or None."""
    sk = socket.create_connection(("127.0.0.1", srv.port), timeout=WAIT_SECONDS)
    try:
        sk.sendall(data)
        return sk.recv(4096).split(b"\r\n", 1)[0].decode() if read else None
    finally:
        sk.close()


def oversized(s, srv):
    head = (b"POST /ingest HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (100 << 20))
    line = raw(srv, head)
    s.check(line and " 413 " in line, f"a 100 MiB body announced: 413 ({line!r})")
    st, _ = srv.json("GET", "/health")
    s.eq(st, 200, "still serving after a 413")


def gone_mid_body(s, srv, db):
    head = b"POST /ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"
    raw(srv, head + json.dumps(record("half", WIRE)).encode()[:40], read=False)
    st, d = srv.json("POST", "/ingest", json.dumps(record("after-gone", distinct_text(3))))
    s.eq((st, d.get("status")), (200, "new"), "ingest after a client left mid-body")
    s.eq(nptest.query(db, "SELECT count(*) FROM stories WHERE id = 'half'"), [(0,)],
         "the half-sent story is not stored")


def concurrent(s, srv, db):
    answers = [None] * CLIENTS

    def client(i):
        try:
            answers[i] = srv.json("POST", "/ingest", json.dumps(record(f"many-{i}",
                                                                      distinct_text(100 + i))))
        except OSError as e:
            answers[i] = (0, str(e))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT_SECONDS)
    for i, a in enumerate(answers):
        s.check(a and a[0] == 200 and a[1].get("id") == f"many-{i}" and a[1].get("status") == "new",
                f"client {i} answered with its own decision ({a})")
    rows = nptest.query(db, "SELECT id, count(*) FROM stories WHERE id LIKE 'many-%' GROUP BY id")
    s.eq(sorted(r[1] for r in rows), [1] * CLIENTS, "every client's story stored once")


def report_meanwhile(s, prog, db):
    rc, out, err = nptest.run(prog, "report", "--db", db, "--format", "json")
    s.eq(rc, 0, f"report from another process while serving ({err})")
    s.check(rc == 0 and json.loads(out).get("stories", 0) >= 2, "report sees the stored stories")


def sigterm_stream(s, prog, db):
    srv = Server(s, prog, db, "--listen", "127.0.0.1:0")
    acked = []
    stop = threading.Event()

    def writer():
        c = srv.conn()
        i = 0
        while not stop.is_set():
            try:
                c.request("POST", "/ingest", json.dumps(record(f"stream-{i}", distinct_text(1000 + i))))
                r = c.getresponse()
                d = json.loads(r.read())
            except (OSError, http.client.HTTPException, ValueError):
                return
            if r.status == 200 and d.get("status") == "new":
                acked.append(d["id"])
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    for _ in range(WAIT_SECONDS * 100):
        if len(acked) >= 20:
            break
        threading.Event().wait(0.01)
    srv.stop(signal.SIGTERM)
    stop.set()
    t.join(WAIT_SECONDS)
    rc, out, _ = nptest.run(prog, "report", "--db", db, "--format", "json", "--min-size", "1")
    stored = {m["id"] for c in json.loads(out)["clusters"] for m in c["members"]} if rc == 0 else set()
    s.check(len(acked) >= 20, f"the stream was acknowledged ({len(acked)} stories)")
    s.eq(sorted(set(acked) - stored), [], "every acknowledged story is in the store after SIGTERM")


def unix_socket(s, prog, db):
    path = s.path("np.sock")
    srv = Server(s, prog, db, "--socket", path)
    if srv.sock:
        st, d = srv.json("GET", "/health")
        s.eq(st, 200, "GET /health over a Unix socket")
    srv.stop(signal.SIGINT)
    s.check(not os.path.exists(path), "the socket file is removed on exit")


def helps(s, prog):
    rc, out, _ = nptest.run(prog, "--help")
    s.check(rc == 0 and "\n  serve " in out, "newsprint --help lists serve")
    rc, out, _ = nptest.run(prog, "serve", "--help")
    s.check(rc == 0 and out.startswith("usage: newsprint serve") and "/metrics" in out,
            "serve --help")
    rc, _, err = nptest.run(prog, "serve", "--listen", "x", "--socket", "y")
    s.eq(rc, nptest.EXIT_USAGE, f"--listen and --socket together: a usage error ({err})")


def serve_all(s, prog, db, sqlite):
    """Every endpoint of a server on db; with sqlite, also the checks that read the SQLite
    file directly (oversized bodies, a client gone mid-body, clients at once)."""
    srv = Server(s, prog, db, "--listen", "127.0.0.1:0")
    if srv.port:
        endpoints(s, srv)
        odd_ids(s, srv)
        forget(s, srv)
        errors(s, srv)
        if sqlite:
            oversized(s, srv)
            gone_mid_body(s, srv, db)
            concurrent(s, srv, db)
        report_meanwhile(s, prog, db)
    srv.stop()


def main():
    prog = sys.argv[1]
    s = nptest.Suite("test_serve")
    helps(s, prog)
    db = s.path("serve.db")
    serve_all(s, prog, db, sqlite=True)
    sigterm_stream(s, prog, db)
    unix_socket(s, prog, db)
    with PgServer() as pg:
        serve_all(s, prog, pg.url(), sqlite=False)
    return s.done()


if __name__ == "__main__":
    sys.exit(main())
