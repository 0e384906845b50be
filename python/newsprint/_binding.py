"""_binding.py: libnewsprint loaded through cffi, with the header's declarations.

ABI mode (ffi.dlopen): nothing is compiled, so the package works with any
build of the library, including one made with sanitizers, that
$NEWSPRINT_LIB names.
"""
import ctypes.util
import os

import cffi

from . import _header

# The soname the declarations describe: the library's ABI number, meson.build's
# libnewsprint_soversion. A library of another number has another ABI.
SONAME = "libnewsprint.so.1"


def library_path():
    """$NEWSPRINT_LIB, else the installed library by its soname."""
    return os.environ.get("NEWSPRINT_LIB") or SONAME


def load():
    ffi = cffi.FFI()
    ffi.cdef(_header.declarations())
    path = library_path()
    try:
        lib = ffi.dlopen(path)
    except OSError as e:
        raise ImportError(f"newsprint: cannot load {path} ({e}); install libnewsprint "
                          "(meson install) or set NEWSPRINT_LIB to its path") from e
    return ffi, lib
