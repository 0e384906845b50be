#!/usr/bin/env python3
"""test_links_cli.py — `newsprint links`: rail headlines resolved to stored
stories. Three pages of made-up outlets: the ferry page's
rail names the bridge story (in other case and punctuation) and a section
("Video"); the school page's rail names the ferry story. Asserted exactly:
who links to whom, the rail heading and the headline as printed; a short
rail item names nothing; an id not stored is reported with exit 1, a missing
store with exit 2.

Usage: test_links_cli.py NEWSPRINT"""
import json
import sys

import nptest

BRIDGE = ("Bridge over the Mere closes for repairs", "Mere Gazette", [
    "The council closed the old bridge over the Mere on Monday after an inspector found "
    "cracks in two of its arches and a loose stone in the parapet above the river."], [])
FERRY = ("Ferry fares on the Mere rise by ten pence", "Valley Ledger", [
    "Fares on the Mere ferry rise by ten pence from March, the operator said on Tuesday, "
    "the first rise in five years for the short crossing between the two villages."],
    [("Related stories", ["BRIDGE OVER THE MERE CLOSES FOR REPAIRS!", "Video"])])
SCHOOL = ("School choir wins the county prize", "Valley Ledger", [
    "The choir sang three songs in four languages and beat eleven other schools from across "
    "the county in the final round on Saturday, its teacher said after the results."],
    [("Most read", ["Ferry fares on the Mere rise by ten pence", "Weather"])])


def page(title, outlet, body, rails):
    """A page dump: title, dateline, body, then each rail (heading, items with
    outlet and date, the shape newsprint reads as rail records)."""
    lines = [title, "", f"{outlet} 04/03/2025", ""] + [p + "\n" for p in body]
    for heading, items in rails:
        lines += [heading, ""]
        for item in items:
            lines += [item, outlet, "03/03/2025"]
    return "\n".join(lines) + "\n"


def main():
    prog = sys.argv[1]
    t = nptest.Suite("test_links_cli")
    db, src = t.path("np.db"), t.path("pages.jsonl")
    with open(src, "w") as f:
        for sid, story in (("bridge", BRIDGE), ("ferry", FERRY), ("school", SCHOOL)):
            f.write(json.dumps({"id": sid, "page": page(*story)}) + "\n")
    rc, _, err = nptest.run(prog, "ingest", "--db", db, src)
    t.eq(rc, nptest.EXIT_OK, f"ingest ({err.strip()})")
    rc, out, err = nptest.run(prog, "links", "--db", db, "ferry", "bridge")
    t.eq(rc, nptest.EXIT_OK, f"links exit status ({err.strip()})")
    got = [json.loads(l) for l in out.splitlines()]
    t.eq(got, [
        {"id": "ferry", "rail_items": 2,
         "linked_from": [{"id": "school", "outlet": "Valley Ledger", "heading": "Most read",
                          "title": "Ferry fares on the Mere rise by ten pence"}],
         "links_to": [{"id": "bridge", "outlet": "Mere Gazette", "heading": "Related stories",
                       "title": "BRIDGE OVER THE MERE CLOSES FOR REPAIRS!"}]},
        {"id": "bridge", "rail_items": 0,
         "linked_from": [{"id": "ferry", "outlet": "Valley Ledger", "heading": "Related stories",
                          "title": "BRIDGE OVER THE MERE CLOSES FOR REPAIRS!"}],
         "links_to": []},
    ], "links of ferry and bridge")
    rc, out, err = nptest.run(prog, "links", "--db", db, "nosuch", "school")
    t.eq(rc, nptest.EXIT_SKIPPED, "an id not stored: exit 1")
    t.check("nosuch: no such story in the store" in err, f"names the missing id: {err.strip()}")
    t.eq(len(out.splitlines()), 1, "the other id is still answered")
    rc, _, err = nptest.run(prog, "links", "--db", t.path("missing.db"), "ferry")
    t.eq(rc, nptest.EXIT_USAGE, "a missing store: exit 2")
    rc, _, err = nptest.run(prog, "links", "--db", db)
    t.eq(rc, nptest.EXIT_USAGE, "no id: exit 2")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
