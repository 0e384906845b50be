"""newsprint: near-duplicate and syndication detection for republished news.

A Python binding of libnewsprint through cffi (ABI mode: the shared library
is loaded at import, nothing is compiled). A story goes in as a dict in the
JSON Lines record shape and comes back decided as the dict `newsprint
ingest --json` prints; the report is the dict of `newsprint report --format
json`. The library does the reading and the JSON on both sides
(np_story_from_json, np_decision_json, np_report_string), so the binding
touches no struct field but an error's message and a story's id.

    import newsprint
    with newsprint.Store.open("news.db") as store:
        print(store.ingest({"id": "a", "text": "..."}))
        print(store.report()["clusters"])

The library is $NEWSPRINT_LIB when set, else the installed libnewsprint.
"""
import json
import os
import threading

from . import _binding

__all__ = ["Error", "Store", "version"]


class Error(Exception):
    """A failure the library reported, with its message.

    status is the library's np_status name ("NP_EINPUT" for a bad record,
    "NP_EBUSY" for a store another process writes, ...), or None for a
    misuse the binding itself refuses (a closed store)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


ffi, lib = _binding.load()


def version():
    """The version of the library loaded, "MAJOR.MINOR.PATCH"."""
    return ffi.string(lib.np_version()).decode()


def _raise_unless_ok(rc, err):
    if rc != lib.NP_OK:
        raise Error(ffi.string(err.msg).decode("utf-8", "replace"),
                    ffi.string(ffi.cast("np_status", rc)))


def _taken_text(ptr):
    """Text the library malloc'd and hands over, decoded and freed."""
    if ptr == ffi.NULL:
        raise MemoryError("libnewsprint: out of memory")
    try:
        return ffi.string(ptr).decode("utf-8")
    finally:
        lib.np_free(ptr)


class Store:
    """An open store. A handle is used by one thread at a time (the library
    holds its index unlocked), so its calls take the store's lock. Each
    ingest is committed before it returns: a decision seen is a story
    stored, as with `newsprint ingest --json -`."""

    def __init__(self, handle):
        self._db = handle
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path, readonly=False):
        """Opens the store at path, creating it unless readonly. A store
        another handle writes is refused (Error, status "NP_EBUSY");
        readonly handles are never refused and write nothing."""
        out = ffi.new("np_db **")
        err = ffi.new("np_error *")
        mode = lib.NP_OPEN_READONLY if readonly else lib.NP_OPEN_READWRITE
        _raise_unless_ok(lib.np_db_open(out, os.fsencode(path), mode, ffi.NULL, err), err)
        return cls(out[0])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_db", None) is not None:
            try:
                self.close()
            except Error:
                pass  # nothing to tell the error to; the lock goes with the process

    def close(self):
        """Commits what is pending and closes; closing twice does nothing."""
        with self._lock:
            db, self._db = self._db, None
            if db is None:
                return
            err = ffi.new("np_error *")
            _raise_unless_ok(lib.np_db_close(db, err), err)

    def _handle(self):
        if self._db is None:
            raise Error("the store is closed")
        return self._db

    def check(self, record):
        """The decision ingest would make for record, writing nothing."""
        return self._decide(lib.np_check, record, commit=False)

    def ingest(self, record):
        """Decides record, stores it and commits; returns the decision.
        A story that cannot be stored (its id already is, an empty body) is
        a decision with status "skipped" and the reason in "error"."""
        return self._decide(lib.np_ingest, record, commit=True)

    def ingest_many(self, records):
        """Ingests records in order with one commit for them all, as
        `newsprint ingest --json` takes a file: the decisions in order, and
        a record the library cannot read is a "skipped" decision with its
        message in "error" rather than an Error. What was decided is
        committed even when an error of the store stops the run."""
        err = ffi.new("np_error *")
        with self._lock:
            db = self._handle()
            try:
                return [_decision_or_skip(db, lib.np_ingest, r, err) for r in records]
            finally:
                _raise_unless_ok(lib.np_db_flush(db, err), err)

    def forget(self, story_id):
        """Removes the stored story story_id and commits: its cluster
        re-chooses its origin and splits where the story was its only
        bridge. True when the story was stored, False when no such id."""
        found = ffi.new("int *")
        err = ffi.new("np_error *")
        with self._lock:
            db = self._handle()
            _raise_unless_ok(lib.np_forget(db, story_id.encode("utf-8"), found, err), err)
            _raise_unless_ok(lib.np_db_flush(db, err), err)
        return bool(found[0])

    def _decide(self, decide, record, commit):
        err = ffi.new("np_error *")
        with self._lock:
            db = self._handle()
            decision = _decision(db, decide, record, err)
            if commit:
                _raise_unless_ok(lib.np_db_flush(db, err), err)
        return decision

    def report(self, min_size=2):
        """The cluster report as `newsprint report --format json` gives it,
        of clusters with at least min_size stories."""
        out = ffi.new("char **")
        err = ffi.new("np_error *")
        with self._lock:
            rc = lib.np_report_string(self._handle(), lib.NP_REPORT_JSON, min_size, out, err)
        _raise_unless_ok(rc, err)
        return json.loads(_taken_text(out[0]))


def _story_from_json(text, err):
    out = ffi.new("np_story **")
    _raise_unless_ok(lib.np_story_from_json(text, len(text), out, err), err)
    return out[0]


def _decision(db, decide, record, err):
    """record decided by np_check or np_ingest, as the ingest --json dict."""
    story = _story_from_json(json.dumps(record, ensure_ascii=False).encode("utf-8"), err)
    decision = ffi.new("np_decision *")
    try:
        _raise_unless_ok(decide(db, story, decision, err), err)
        answer = _taken_text(lib.np_decision_json(story.id, decision, ffi.NULL, ffi.NULL))
    finally:
        lib.np_decision_clear(decision)
        lib.np_story_free(story)
    return json.loads(answer)


def _decision_or_skip(db, decide, record, err):
    """_decision, or for a record the library cannot read the decision
    ingest --json prints for it: skipped, no id, the message in "error"."""
    try:
        return _decision(db, decide, record, err)
    except Error as e:
        if e.status != "NP_EINPUT":
            raise
        skipped = ffi.new("np_decision *", {"status": lib.NP_SKIPPED})
        return json.loads(_taken_text(lib.np_decision_json(ffi.NULL, skipped, err.msg, ffi.NULL)))
