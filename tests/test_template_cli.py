#!/usr/bin/env python3
"""test_template_cli.py — outlet templates through the command line:
three stored pages of one outlet teach it its footer; `segment --db` then lists
the footer of a fourth page under boilerplate, `segment` alone keeps it in the
body, `ingest --json` decides the fourth page `new` where the footer made the
second and third near-duplicates, and an outlet known only by its URL learns
under its host. Text records and page dumps alike.

Usage: test_template_cli.py NEWSPRINT"""
import json
import os
import sys

import nptest

FOOTER = ["Follow the Harbour Courier on Facebook and Twitter for the latest news "
          "from the coast and the islands.",
          "Got a story? Call the newsroom on 01632 960 000 or write to "
          "news@harbour-courier.example today."]
LEADS = ["The town council voted on Monday to close the old fish market for a year of "
         "repairs to its roof and walls, which an engineer said were no longer safe.",
         "A local baker won the county prize for her apple bread, beating forty other "
         "bakers at the show in the cathedral close on Saturday afternoon.",
         "Ferry services to the islands were cancelled for a third day as gales swept "
         "the coast, leaving dozens of visitors stranded in the harbour hotels.",
         "The lifeboat crew rescued two kayakers who had been swept past the point by "
         "the tide, the station said, and both were treated for cold at the scene."]


def record(i, lead, page=False, **where):
    """A text record, or a page dump (a title, the lead, the footer)."""
    body = {"page": "\n\n".join([f"Harbour news, day {i + 1}", lead] + FOOTER)} if page else \
        {"text": "\n".join([lead] + FOOTER)}
    return json.dumps({"id": f"hc-{i}", "published": f"2025-03-0{i + 1}", **body, **where})


def segment(prog, t, path, *db):
    rc, out, err = nptest.run(prog, "segment", *db, path)
    t.eq(rc, nptest.EXIT_OK, f"segment {' '.join(db)} exit status ({err.strip()})")
    return json.loads(out) if rc == 0 else {}


def main():
    prog = sys.argv[1]
    t = nptest.Suite("test_template_cli")
    for where in ({"outlet": "Harbour Courier"}, {"url": "https://harbour-courier.example/a"},
                  {"outlet": "Harbour Courier", "page": True}):
        db = t.path("np.db")
        learn, fourth = t.path("learn.jsonl"), t.path("fourth.jsonl")
        with open(learn, "w") as f:
            f.write("\n".join(record(i, LEADS[i], **where) for i in range(3)) + "\n")
        with open(fourth, "w") as f:
            f.write(record(3, LEADS[3], **where) + "\n")
        rc, out, _ = nptest.run(prog, "ingest", "--db", db, "--json", learn)
        t.eq([json.loads(l)["status"] for l in out.splitlines()],
             ["new", "new", "new"], f"{where}: the footer links nothing")
        t.eq(segment(prog, t, fourth).get("body"), [LEADS[3]] + FOOTER,
             f"{where}: segment without a store keeps the footer")
        got = segment(prog, t, fourth, "--db", db)
        t.eq(got.get("body"), [LEADS[3]], f"{where}: segment --db takes the footer out")
        t.eq(got.get("boilerplate"), FOOTER, f"{where}: and lists it as boilerplate")
        rc, out, _ = nptest.run(prog, "ingest", "--db", db, "--json", fourth)
        t.eq(json.loads(out)["status"] if out else None, "new", f"{where}: the fourth is new")
        t.eq(nptest.query(db, "SELECT count(*) FROM templates WHERE pages >= 3")[0][0],
             len(FOOTER), f"{where}: the footer's lines are stored as template")
        for name in ("np.db", "np.db-wal", "np.db-shm"):
            try:
                os.remove(t.path(name))
            except FileNotFoundError:
                pass
    rc, _, err = nptest.run(prog, "segment", "--db", t.path("missing.db"), t.path("learn.jsonl"))
    t.eq(rc, nptest.EXIT_USAGE, "segment --db with no store")
    t.check("no such store" in err, f"segment --db names the missing store: {err.strip()}")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
