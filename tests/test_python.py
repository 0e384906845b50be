"""test_python.py: the Python package (python/newsprint) on the built library, with pytest.

Run by meson with NEWSPRINT_LIB (the library built), NEWSPRINT_EXE (the
program, whose `ingest --json` the decisions must equal), NEWSPRINT_VERSION
(the project's version) and PYTHONPATH=python. The decisions asserted are
real ones: a new story, a copy of it matched to it, a resend skipped.
"""
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

import newsprint

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.environ["NEWSPRINT_EXE"]

WIRE = ("The central bank raised its main interest rate by half a point on Tuesday, citing "
        "persistent inflation in services and a labour market that shows few signs of easing. "
        "Officials said further increases were possible if prices kept rising through the "
        "winter, and markets fell sharply after the announcement in the capital.")
ORIGINAL = {"id": "wire-1", "outlet": "Wire Agency", "published": "2026-03-03T09:00:00Z",
            "title": "Central bank raises rates", "text": WIRE}
COPY = {"id": "paper-1", "outlet": "Daily Paper", "published": "2026-03-03T11:00:00Z",
        "title": "Rates up again", "text": WIRE + " Our reporter adds a line of local reaction."}
OTHER = {"id": "other-1", "outlet": "Daily Paper", "published": "2026-03-04T08:00:00Z",
         "text": "The town council voted to close the swimming pool for repairs over the summer "
                 "months after inspectors found cracks in the main basin and the changing rooms."}


@pytest.fixture
def store(tmp_path):
    with newsprint.Store.open(tmp_path / "news.db") as s:
        yield s


def cli_decisions(tmp_path, records):
    """What `newsprint ingest --json -` prints for records, one dict each."""
    lines = "".join(json.dumps(r) + "\n" for r in records)
    r = subprocess.run([EXE, "ingest", "--db", str(tmp_path / "cli.db"), "--json", "-"],
                       input=lines, capture_output=True, text=True, check=False)
    return [json.loads(line) for line in r.stdout.splitlines()]


def test_version_is_the_library_built():
    assert newsprint.version() == os.environ["NEWSPRINT_VERSION"]


def test_new_copy_and_resend(store):
    first = store.ingest(ORIGINAL)
    assert first["status"] == "new" and first["id"] == "wire-1"
    copy = store.ingest(COPY)
    assert copy["status"] == "near-duplicate"
    assert copy["match"]["id"] == "wire-1"
    assert copy["cluster"] == first["cluster"]
    resend = store.ingest(ORIGINAL)
    assert resend == {"id": "wire-1", "status": "skipped", "error": "id already stored"}


def test_decisions_are_ingest_json(store, tmp_path):
    records = [ORIGINAL, COPY, OTHER, ORIGINAL]
    assert [store.ingest(r) for r in records] == cli_decisions(tmp_path, records)


def test_ingest_many_is_ingest_json(store, tmp_path):
    records = [ORIGINAL, COPY, {"text": WIRE}, OTHER, ORIGINAL]
    decisions = store.ingest_many(records)
    cli = cli_decisions(tmp_path, records)
    assert decisions[2] == {"id": None, "status": "skipped", "error": "missing 'id'"}
    assert cli[2]["error"] == "-:3: missing 'id'"  # the program names the input and line
    del decisions[2], cli[2]
    assert decisions == cli
    assert store.report(min_size=1)["stories"] == 3


def test_check_decides_and_stores_nothing(store):
    store.ingest(ORIGINAL)
    checked = store.check(COPY)
    assert checked["status"] == "near-duplicate" and checked["match"]["id"] == "wire-1"
    assert store.check(COPY) == checked  # not stored: not "id already stored"
    assert store.report()["stories"] == 1


def test_report_clusters(store):
    for r in (ORIGINAL, COPY, OTHER):
        store.ingest(r)
    report = store.report()
    assert report["stories"] == 3
    [cluster] = report["clusters"]
    assert cluster["origin"]["id"] == "wire-1"
    assert sorted(m["id"] for m in cluster["members"]) == ["paper-1", "wire-1"]
    assert len(store.report(min_size=1)["clusters"]) == 2


def test_ingest_is_committed(tmp_path):
    with newsprint.Store.open(tmp_path / "news.db") as writer:
        writer.ingest(ORIGINAL)
        with newsprint.Store.open(tmp_path / "news.db", readonly=True) as reader:
            assert reader.report(min_size=1)["stories"] == 1


@pytest.mark.parametrize("record, message", [
    ({"text": WIRE}, "missing 'id'"),
    ([ORIGINAL], "not a JSON object"),
])
def test_bad_record_is_the_library_message(store, record, message):
    with pytest.raises(newsprint.Error) as e:
        store.ingest(record)
    assert str(e.value) == message and e.value.status == "NP_EINPUT"
    with pytest.raises(newsprint.Error, match=message):
        store.check(record)


def test_closed_store(tmp_path):
    s = newsprint.Store.open(tmp_path / "news.db")
    s.close()
    s.close()
    for call in (lambda: s.ingest(ORIGINAL), lambda: s.check(ORIGINAL), s.report):
        with pytest.raises(newsprint.Error, match="the store is closed"):
            call()


def test_read_only_store_refuses_ingest(tmp_path):
    with newsprint.Store.open(tmp_path / "news.db") as s:
        s.ingest(ORIGINAL)
    with newsprint.Store.open(tmp_path / "news.db", readonly=True) as s:
        assert s.check(COPY)["match"]["id"] == "wire-1"
        with pytest.raises(newsprint.Error) as e:
            s.ingest(COPY)
        assert str(e.value) == "the store was opened read-only" and e.value.status == "NP_EINVAL"


def test_missing_store_read_only(tmp_path):
    with pytest.raises(newsprint.Error) as e:
        newsprint.Store.open(tmp_path / "none.db", readonly=True)
    assert "none.db" in str(e.value)
    assert not (tmp_path / "none.db").exists()


def test_store_another_process_writes(tmp_path):
    path = str(tmp_path / "news.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, newsprint
            s = newsprint.Store.open({path!r})
            print("open", flush=True)
            sys.stdin.read()
            s.close()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        with pytest.raises(newsprint.Error) as e:
            newsprint.Store.open(path)
        assert e.value.status == "NP_EBUSY"
        assert f"is being written by process {holder.pid}" in str(e.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0
    with newsprint.Store.open(path) as s:  # the lock went with its holder
        assert s.ingest(ORIGINAL)["status"] == "new"


def test_pip_installs_it(tmp_path):
    """pip builds and installs the package offline into a venv that sees
    Debian's cffi, and it imports from there, not from the repository."""
    src = tmp_path / "src"
    shutil.copytree(os.path.join(REPO, "python"), src / "python",
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    shutil.copytree(os.path.join(REPO, "include"), src / "include")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True)
    py = str(venv / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-index",
                    str(src / "python")], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CC")}
    env["PATH"] = str(venv / "bin")  # no compiler: the declarations come with the package
    r = subprocess.run([py, "-c", "import newsprint; print(newsprint.__file__); "
                        "print(newsprint.version())"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    where, version = r.stdout.splitlines()
    assert where.startswith(str(venv)) and version == os.environ["NEWSPRINT_VERSION"]


def test_threads_share_a_store(store):
    """One handle, many threads: the store's lock lets one call in at a time."""
    decisions = {}

    def ingest_some(first):
        for i in range(first, first + 25):
            decisions[f"t{i}"] = store.ingest({"id": f"t{i}", "text": f"Story {i}: " + OTHER["text"]})
    threads = [threading.Thread(target=ingest_some, args=(n * 25,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(decisions) == 100
    assert all(d["id"] == i and d["status"] != "skipped" for i, d in decisions.items())
    assert store.report(min_size=1)["stories"] == 100


def test_forget_the_origin(store):
    for r in (ORIGINAL, COPY, OTHER):
        store.ingest(r)
    assert store.forget("wire-1") is True
    assert store.forget("wire-1") is False
    assert store.forget("never-stored") is False
    report = store.report(min_size=1)
    assert report["stories"] == 2 and store.report()["clusters"] == []
    origins = sorted(c["origin"]["id"] for c in report["clusters"])
    assert origins == ["other-1", "paper-1"]
    again = store.ingest(ORIGINAL)  # no longer "id already stored"
    assert again["status"] == "near-duplicate" and again["match"]["id"] == "paper-1"


def test_forget_a_closed_store(tmp_path):
    s = newsprint.Store.open(tmp_path / "news.db")
    s.close()
    with pytest.raises(newsprint.Error, match="the store is closed"):
        s.forget("wire-1")
