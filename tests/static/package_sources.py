#!/usr/bin/env python3
"""The packages' sources hold conversion and documentation only: no Python or R function is
longer than 60 lines of code (docstrings, roxygen, comments and blank lines not counted), and
the binding C++ files start no threads (the table layer's policy runs them:
include/alliance/table/). Prints each offender and exits 1; the last line counts them.

    python3 tests/static/package_sources.py [SOURCE_DIR]
"""
import ast
import pathlib
import re
import sys

LIMIT = 60


def python_functions(path: pathlib.Path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        skipped = set()
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            skipped = set(range(first.lineno, first.end_lineno + 1))
        code = sum(1 for n in range(node.lineno, node.end_lineno + 1)
                   if n not in skipped and lines[n - 1].strip() and not lines[n - 1].strip().startswith("#"))
        yield node.name, node.lineno, code


def r_functions(path: pathlib.Path):
    """Top-level `name <- function(...) {` definitions, to their matching brace (strings and
    comments skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = re.compile(r"^([A-Za-z_.][A-Za-z0-9_.]*)\s*<-\s*function\b")
    i = 0
    while i < len(lines):
        match = start.match(lines[i])
        if not match:
            i += 1
            continue
        depth, opened, code, j = 0, False, 0, i
        while j < len(lines):
            text = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', lines[j])
            text = text.split("#", 1)[0]
            if text.strip():
                code += 1
            depth += text.count("{") - text.count("}")
            opened = opened or "{" in text
            j += 1
            if opened and depth <= 0:
                break
        yield match.group(1), i + 1, code
        i = j


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    problems = []
    for path in sorted((root / "bindings/python/alliance").rglob("*.py")):
        problems += [f"{path.relative_to(root)}:{line}: {name} has {code} lines of code (at most {LIMIT})"
                     for name, line, code in python_functions(path) if code > LIMIT]
    for path in sorted((root / "bindings/r/R").glob("*.R")):
        problems += [f"{path.relative_to(root)}:{line}: {name} has {code} lines of code (at most {LIMIT})"
                     for name, line, code in r_functions(path) if code > LIMIT]
    for path in [root / "bindings/python/src/_alliance.cpp", root / "bindings/r/src/alliance_r.cpp"]:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"std::(thread|jthread|async)\b", text.split("//", 1)[0]):
                problems.append(f"{path.relative_to(root)}:{number}: a binding starts a thread")
    for problem in problems:
        print(problem)
    print(f"package sources: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
