#!/usr/bin/env python3
"""test_api.py — the shared library exports its public API and nothing else.

Usage: test_api.py INCLUDE_DIR LIBRARY SONAME NEWSPRINT VERSION

- The dynamic symbols the library defines (`nm -D --defined-only`) are exactly the functions
  and data declared in INCLUDE_DIR/*.h; the test names every extra and every missing one. Names
  starting with an underscore are the toolchain's (reserved to it by the C standard), not ours.
- `readelf -d` shows the library's SONAME.
- `newsprint --version` and `newsprint -V` print "newsprint VERSION", the library's np_version().

Before any of that, the comparison is run on a made-up header and symbol list with one symbol
too many and one missing, and must report both: the check can fail.
"""
import glob
import os
import re
import subprocess
import sys

# An identifier of the library's namespace called as a function, or declared extern as data.
FUNCTION = re.compile(r"\b(np_\w+)\s*\(")
DATA = re.compile(r"\bextern\b[^;(]*?\b(np_\w+)\s*(?:\[[^\]]*\])?\s*;")


def strip_c(text):
    """The header's declarations without comments and preprocessor lines: macros may mention
    np_ names that are not declarations."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"\\\n", " ", text)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def declared(header_texts):
    names = set()
    for text in header_texts:
        code = strip_c(text)
        names.update(FUNCTION.findall(code))
        names.update(DATA.findall(code))
    return names


def exported(nm_output):
    """Names from `nm -D --defined-only` lines ("ADDRESS TYPE NAME[@VERSION]")."""
    names = set()
    for line in nm_output.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        name = parts[2].split("@", 1)[0]
        if not name.startswith("_"):
            names.add(name)
    return names


def compare(want, have):
    """Messages for every exported symbol not declared and every declared one not exported."""
    msgs = [f"exported but not declared in include/: {n}" for n in sorted(have - want)]
    msgs += [f"declared in include/ but not exported: {n}" for n in sorted(want - have)]
    return msgs


def self_test():
    header = """/* np_in_a_comment(x) */
#define NP_MACRO(x) np_in_a_macro(x)
NP_EXTERN np_status np_open(np_db **out,
                            const char *path);
NP_EXTERN void np_close(np_db *db);
extern const int np_table[];
"""
    nm = ("0000000000001000 T np_open\n0000000000001010 T np_internal_helper\n"
          "0000000000002000 R np_table\n                 w __cxa_finalize\n"
          "0000000000001020 T _init\n")
    msgs = compare(declared([header]), exported(nm))
    want = ["exported but not declared in include/: np_internal_helper",
            "declared in include/ but not exported: np_close"]
    if msgs != want:
        sys.exit(f"test_api.py: the comparison itself is wrong: {msgs} instead of {want}")


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__.split("\n\n")[1])
    include_dir, library, soname, newsprint, version = sys.argv[1:]
    self_test()
    failures = []

    headers = sorted(glob.glob(os.path.join(include_dir, "*.h")))
    want = declared(open(h, encoding="utf-8").read() for h in headers)
    have = exported(run(["nm", "-D", "--defined-only", library]))
    if not want:
        failures.append(f"no function found declared in {include_dir}/*.h")
    failures += compare(want, have)

    dynamic = run(["readelf", "-d", library])
    if f"Library soname: [{soname}]" not in dynamic:
        failures.append(f"readelf -d {library} shows no SONAME {soname}:\n{dynamic}")

    for flag in ("--version", "-V"):
        out = run([newsprint, flag])
        if out != f"newsprint {version}\n":
            failures.append(f"newsprint {flag} printed {out!r}, not 'newsprint {version}'")

    for f in failures:
        print(f"test_api.py: {f}", file=sys.stderr)
    print(f"test_api.py: {len(want)} declared, {len(have)} exported, {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
