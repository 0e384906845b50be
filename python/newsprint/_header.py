"""_header.py: the C declarations the binding gives cffi, read from newsprint.h.

The binding keeps no copy of the library's structs. cffi needs the layout of
the two it touches (np_error, whose message it reads, and np_decision, which
the caller allocates for np_check and np_ingest), so the declarations come
from the public header itself: the C preprocessor expands its macros
(NP_ERRMSG_MAX, NP_EXTERN) and the result is what ffi.cdef reads. Reading the
header rather than keeping to functions without structs keeps the error
message and the decision the library's own, and a field added to the header
is picked up without an edit here.

The system headers newsprint.h includes are replaced by empty ones: cffi
knows size_t, the fixed-width integers and FILE itself, and could not parse
the C library's headers. A package installed with pip carries the expanded
declarations (written at build time, setup.py), so importing it needs no
compiler; in the repository they are made at import from include/.

This file imports nothing from the package: setup.py loads it by path.
"""
import os
import shutil
import subprocess
import tempfile

# The expanded declarations an installed package carries beside this file.
BAKED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_declarations.h")

# The headers newsprint.h includes that the preprocessor must not read:
# cffi knows their types, and the generated version header holds only macros.
STAND_INS = ("stddef.h", "stdint.h", "stdio.h", "newsprint_version.h")


class HeaderError(Exception):
    """The declarations could not be found or made."""


def header_dirs():
    """Where newsprint.h may be, most specific first: $NEWSPRINT_INCLUDE,
    the repository this file sits in, pkg-config's includedir, the system."""
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = [os.environ.get("NEWSPRINT_INCLUDE"),
            os.path.join(here, os.pardir, os.pardir, "include")]
    if shutil.which("pkg-config"):
        r = subprocess.run(["pkg-config", "--variable=includedir", "newsprint"],
                           capture_output=True, text=True, check=False)
        dirs.append(r.stdout.strip() if r.returncode == 0 else None)
    dirs += ["/usr/local/include", "/usr/include"]
    return [d for d in dirs if d]


def find_header():
    for d in header_dirs():
        path = os.path.join(d, "newsprint.h")
        if os.path.isfile(path):
            return os.path.normpath(path)
    raise HeaderError("newsprint.h not found in " + ", ".join(header_dirs())
                      + " (set NEWSPRINT_INCLUDE to its folder)")


def expand(header):
    """The header's declarations, macros expanded, as text for ffi.cdef."""
    cc = os.environ.get("CC", "cc")
    with tempfile.TemporaryDirectory(prefix="newsprint-cdef-") as fake:
        for name in STAND_INS:
            open(os.path.join(fake, name), "w").close()
        cmd = [cc, "-E", "-P", "-nostdinc", "-I", fake,
               "-D__attribute__(x)=", header]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError as e:
            raise HeaderError(f"{cc}: {e.strerror} (set CC to a C compiler)") from e
    if r.returncode != 0:
        raise HeaderError(f"{' '.join(cmd)}: {r.stderr.strip()}")
    return r.stdout


def declarations():
    """The installed package's declarations, else those of the header found."""
    if os.path.isfile(BAKED):
        with open(BAKED, encoding="utf-8") as f:
            return f.read()
    return expand(find_header())
