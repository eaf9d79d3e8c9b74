# The extension module: one translation unit over the header-only library in ../../include.
# Boost.Math (libboost-math-dev) and nlohmann/json (nlohmann-json3-dev) come from Debian.
from pathlib import Path

from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

here = Path(__file__).resolve().parent
include = here.parent.parent / "include"

setup(
    ext_modules=[
        Pybind11Extension(
            "alliance._alliance",
            ["src/_alliance.cpp"],
            include_dirs=[str(include)],
            cxx_std=20,
            # The project's warning set (CMakeLists.txt alliance_warnings); clean with g++ 12 and clang++ 14.
            extra_compile_args=["-O3", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wconversion", "-Wsign-conversion"],
        )
    ],
)
