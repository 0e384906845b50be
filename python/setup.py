"""setup.py: adds the expanded declarations of newsprint.h to the built package.

An installed package then needs no compiler and no header at import
(newsprint/_header.py). The header is the repository's (../include), or
whichever _header.find_header finds; with none, the package is built
without them and reads the header at import instead.
"""
import importlib.util
import os
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def load_header_module():
    """newsprint/_header.py by path: importing the package would load the
    library, which a build does not need."""
    path = os.path.join(HERE, "newsprint", "_header.py")
    spec = importlib.util.spec_from_file_location("newsprint_header", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithDeclarations(build_py):
    def run(self):
        super().run()
        header = load_header_module()
        try:
            text = header.expand(header.find_header())
        except header.HeaderError as e:
            print(f"newsprint: building without declarations ({e})", file=sys.stderr)
            return
        out = os.path.join(self.build_lib, "newsprint", os.path.basename(header.BAKED))
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)


setup(cmdclass={"build_py": BuildWithDeclarations})
