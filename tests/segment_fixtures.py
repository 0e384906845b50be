#!/usr/bin/env python3
"""segment_fixtures.py — `newsprint segment` on every page of tests/fixtures/segment/
(original fiction in ten languages and six layouts) and on the seed page of
data/sample/, compared field by field with the expected JSON beside each page
(NAME.txt -> NAME.json; the seed's is seed.json). The story id (the path as
given) is left out of the comparison.

Usage: segment_fixtures.py SOURCE_ROOT NEWSPRINT [--bless]
  --bless rewrites the expected files from the current output (review the diff!).
"""
import json
import os
import subprocess
import sys

SEED = os.path.join("data", "sample", "000_e4d578c411048baa.txt")


def segment(newsprint, page):
    out = subprocess.run([newsprint, "segment", page], check=True, capture_output=True).stdout
    story = json.loads(out)
    story.pop("id", None)
    return story


def cases(root):
    fixtures = os.path.join(root, "tests", "fixtures", "segment")
    for name in sorted(os.listdir(fixtures)):
        if name.endswith(".txt"):
            yield os.path.join(fixtures, name), os.path.join(fixtures, name[:-4] + ".json")
    yield os.path.join(root, SEED), os.path.join(fixtures, "seed.json")


def main():
    root, newsprint = sys.argv[1], sys.argv[2]
    bless = "--bless" in sys.argv[3:]
    failed = 0
    for page, expected_path in cases(root):
        got = segment(newsprint, page)
        if bless:
            with open(expected_path, "w", encoding="utf-8") as f:
                json.dump(got, f, ensure_ascii=False, indent=1)
                f.write("\n")
            continue
        with open(expected_path, encoding="utf-8") as f:
            want = json.load(f)
        for field in sorted(set(want) | set(got)):
            if want.get(field) != got.get(field):
                failed += 1
                print(f"{os.path.basename(page)}: {field}:\n  want {json.dumps(want.get(field), ensure_ascii=False)}"
                      f"\n  got  {json.dumps(got.get(field), ensure_ascii=False)}")
    print(f"{failed} field(s) differ" if failed else "all fixtures as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
