# The extension module: one translation unit over the header-only library in ../../include.
# Boost.Math (libboost-math-dev) and nlohmann/json (nlohmann-json3-dev) come from Debian.
#
# Every header of the library is a declared dependency, so that `pip install` of a checkout whose
# headers changed (a new key, a fixed rule) rebuilds the module instead of reusing the old object
# (setuptools compares the sources and `depends` with the built module). The package's version is
# the library's (include/alliance/version.hpp), which the module also reports as __version__.
#
# ReadStat (Debian libreadstat-dev), when its header and library are installed, is linked for
# alliance.read_spss (alliance/table/stat_file.hpp); without it read_spss says the package was
# built without it.
import ctypes.util
import re
from pathlib import Path

from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

here = Path(__file__).resolve().parent
include = here.parent.parent / "include"


def library_headers() -> list:
    return sorted(str(path) for path in (include / "alliance").rglob("*") if path.suffix in (".hpp", ".h", ".inc"))


def library_version() -> str:
    text = (include / "alliance" / "version.hpp").read_text(encoding="utf-8")
    parts = [re.search(rf"^#define ALLIANCE_VERSION_{part} (\d+)$", text, re.M).group(1)
             for part in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


def readstat() -> dict:
    """The extension's settings for ReadStat: linked when its header and library are there."""
    if not Path("/usr/include/readstat.h").exists() or ctypes.util.find_library("readstat") is None:
        return {}
    return {"libraries": ["readstat"], "define_macros": [("ALLIANCE_HAVE_READSTAT", "1")]}


setup(
    version=library_version(),
    ext_modules=[
        Pybind11Extension(
            "alliance._alliance",
            ["src/_alliance.cpp"],
            include_dirs=[str(include)],
            depends=library_headers(),
            cxx_std=20,
            # The project's warning set (CMakeLists.txt alliance_warnings); clean with g++ 12 and clang++ 14.
            extra_compile_args=["-O3", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion", "-Wsign-conversion"],
            **readstat(),
        )
    ],
)
