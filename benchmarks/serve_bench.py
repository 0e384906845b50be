#!/usr/bin/env python3
"""benchmarks/serve_bench.py — `newsprint serve` measured (issue 21 item 5).

usage: benchmarks/serve_bench.py [--build DIR] [--stories N] [--queries Q] [--out DIR]

Makes a gen_corpus corpus of N stories (seed 1) plus Q more to check, ingests
the N from the file with `newsprint ingest` (timed), starts `serve` on that
store and measures:
- check latency over loopback HTTP, p50 and p99, with 1, 4 and 16 concurrent
  clients, each on one kept-alive connection, the Q held-out stories under
  fresh ids (the time includes this Python client's own work);
- np_check in process on the same store (bench_check), for comparison;
- the warm process's resident memory (VmRSS, VmHWM) after the index is built;
- batch ingest over HTTP (batches of BATCH JSON Lines into a new store)
  against `ingest` from the file, in stories per second.
Prints the figures; it never fails on a figure.
"""
import argparse
import http.client
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time

BATCH = 500  # stories per POST /ingest in the batch run: a pipeline's flush
WAIT = 600   # seconds any one step may take before the run gives up


def gen(build, out, n, seed):
    path = os.path.join(out, f"serve-{n}-{seed}.jsonl")
    if not os.path.exists(path):
        subprocess.run([os.path.join(build, "benchmarks", "gen_corpus"), "--out", path, "--truth",
                        path + ".tsv", "--stories", str(n), "--seed", str(seed)], check=True,
                       capture_output=True)
    return path


def no_store(path):
    """Removes a store with its log, shared-memory and lock files."""
    for suffix in ("", "-wal", "-shm", "-lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l for l in f if l.strip()]


def start(prog, db):
    p = subprocess.Popen([prog, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                         stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    ready, _, _ = select.select([p.stderr], [], [], WAIT)
    line = p.stderr.readline() if ready else ""
    if "listening on" not in line:
        p.kill()
        sys.exit(f"serve did not start: {line!r}")
    return p, int(line.rsplit(":", 1)[1]), time.monotonic() - t0


def rss(pid):
    vals = {}
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            if l.startswith(("VmRSS", "VmHWM")):
                k, v = l.split(":")
                vals[k] = int(v.split()[0]) // 1024
    return vals


def fresh(line, i):
    r = json.loads(line)
    r["id"] = f"{r['id']}#q{i}"
    return json.dumps(r).encode("utf-8")


def latencies(port, bodies, clients):
    per = [bodies[i::clients] for i in range(clients)]
    out = [[] for _ in range(clients)]

    def run(k):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        for b in per[k]:
            t = time.perf_counter()
            c.request("POST", "/check", body=b)
            c.getresponse().read()
            out[k].append(time.perf_counter() - t)
        c.close()

    ts = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - t0
    allv = sorted(x for o in out for x in o)
    return allv[len(allv) // 2] * 1e6, allv[int(len(allv) * 0.99)] * 1e6, len(allv) / wall


def batch_ingest(prog, db, recs):
    p, port, _ = start(prog, db)
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        t0 = time.perf_counter()
        for i in range(0, len(recs), BATCH):
            c.request("POST", "/ingest", body="".join(recs[i:i + BATCH]).encode("utf-8"))
            c.getresponse().read()
        return len(recs) / (time.perf_counter() - t0)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(WAIT)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-release")
    ap.add_argument("--stories", type=int, default=100000)
    ap.add_argument("--queries", type=int, default=4000)
    ap.add_argument("--out", default="benchmarks/out")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    prog = os.path.join(a.build, "newsprint")
    corpus = gen(a.build, a.out, a.stories, 1)
    held = lines(gen(a.build, a.out, a.queries, 2))
    db = os.path.join(a.out, f"serve-{a.stories}.db")
    no_store(db)
    t0 = time.perf_counter()
    subprocess.run([prog, "ingest", "--db", db, corpus], check=True, capture_output=True)
    file_rate = a.stories / (time.perf_counter() - t0)
    print(f"stories {a.stories}  ingest from the file: {file_rate:.0f} stories/s", flush=True)
    p, port, warm = start(prog, db)
    try:
        measure(p, port, warm, held)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(WAIT)
    in_process(a, db)
    batches(a, prog, corpus)


def measure(p, port, warm, held):
    print(f"serve: listening after {warm:.1f} s (store opened, index built); memory {rss(p.pid)} MiB")
    bodies = [fresh(l, i) for i, l in enumerate(held)]
    latencies(port, bodies[:200], 1)  # the first requests open read handles, fault in pages
    for clients in (1, 4, 16):
        p50, p99, rate = latencies(port, bodies, clients)
        print(f"check over HTTP, {clients:2d} clients: p50 {p50:.0f} us  p99 {p99:.0f} us  "
              f"{rate:.0f} checks/s")
    print(f"serve memory after the checks: {rss(p.pid)} MiB", flush=True)


def in_process(a, db):
    q = os.path.join(a.out, f"serve-{a.queries}-2.jsonl")
    r = subprocess.run([os.path.join(a.build, "benchmarks", "bench_check"), db, q,
                        str(a.queries)], capture_output=True, text=True)
    print("np_check in process (bench_check):", " ".join(r.stdout.split()), flush=True)


def batches(a, prog, corpus):
    recs = lines(corpus)[:min(a.stories, 50000)]
    db2 = os.path.join(a.out, "serve-batch.db")
    for d in (db2, db2 + ".file"):
        no_store(d)
    http_rate = batch_ingest(prog, db2, recs)
    part = os.path.join(a.out, "serve-batch.jsonl")
    with open(part, "w", encoding="utf-8") as f:
        f.writelines(recs)
    t0 = time.perf_counter()
    subprocess.run([prog, "ingest", "--db", db2 + ".file", part], check=True, capture_output=True)
    print(f"ingest of {len(recs)} stories: over HTTP in batches of {BATCH}: {http_rate:.0f}/s; "
          f"from the file: {len(recs) / (time.perf_counter() - t0):.0f}/s")


if __name__ == "__main__":
    main()
