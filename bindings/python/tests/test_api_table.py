"""The public API of the Python package against bindings/api.tsv, the table of both packages'
functions and arguments (bindings/r/tests/testthat/test-api-table.R holds the R package to the
same table).

The table is tab-separated with the header ``function, python, r, note``. A function's own row
has ``name()`` in the cell of each language that has it; each argument has a row with its name
in each language (an empty cell where a language lacks it). Every row with an empty cell says
why in ``note``. So a function or argument added to or dropped from either package, and not to
the table, fails here or in the R test.
"""

from __future__ import annotations

import csv
import inspect
import pathlib
import re

import alliance
import numpy as np
import pytest

TABLE = pathlib.Path(__file__).resolve().parents[2] / "api.tsv"
NAME = re.compile(r"^(\*\*)?[A-Za-z_][A-Za-z0-9_]*$|^\.\.\.$")  # a name, **kwargs, or R's ...


def _rows() -> list[dict]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == ["function", "python", "r", "note"]
        return [dict(row) for row in reader]


def _is_function_row(row: dict) -> bool:
    return row["python"].endswith("()") or row["r"].endswith("()")


def test_the_table_is_well_formed():
    rows = _rows()
    assert rows
    functions = set()
    for number, row in enumerate(rows, start=2):
        assert None not in row.values(), f"line {number}: not four tab-separated cells"
        name, python, r, note = row["function"], row["python"], row["r"], row["note"]
        assert NAME.match(name), f"line {number}: function {name!r}"
        assert python or r, f"line {number}: neither language has it"
        assert (python and r) or note.strip(), \
            f"line {number}: {name} {python or r}: a language lacks it and the note does not say why"
        if _is_function_row(row):
            for cell in (python, r):
                assert cell in ("", f"{name}()"), f"line {number}: a function row names {name}() or nothing"
            assert name not in functions, f"line {number}: {name} is listed twice"
            functions.add(name)
        else:
            assert name in functions, f"line {number}: argument of {name} before (or without) its function row"
            for cell in (python, r):
                assert cell == "" or NAME.match(cell), f"line {number}: argument {cell!r}"
    for language in ("python", "r"):
        seen = [(row["function"], row[language]) for row in rows if row[language] and not _is_function_row(row)]
        assert len(seen) == len(set(seen)), f"an argument is listed twice for {language}"


def test_every_public_name_and_argument_of_the_python_package_is_in_the_table():
    rows = _rows()
    listed = {row["function"] for row in rows if row["python"].endswith("()")}
    public = set(alliance.__all__)
    assert public - listed == set(), "public in the package, missing from bindings/api.tsv"
    assert listed - public == set(), "in bindings/api.tsv's python column, not in alliance.__all__"
    for name in alliance.__all__:
        obj = getattr(alliance, name)
        arguments = {row["python"] for row in rows
                     if row["function"] == name and row["python"] and not _is_function_row(row)}
        if inspect.isclass(obj):  # classes (Instrument, the errors): listed by name, no arguments
            assert arguments == set(), f"{name} is a class; the table lists no arguments for it"
            continue
        parameters = inspect.signature(obj).parameters
        actual = {("*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else "") + p.name
                  for p in parameters.values()}
        assert actual - arguments == set(), f"{name}: arguments missing from bindings/api.tsv"
        assert arguments - actual == set(), f"{name}: arguments in bindings/api.tsv that Python's {name} lacks"



def test_an_option_of_the_wrong_kind_is_a_type_error_in_the_table_layers_words():
    # numpy.True_ is no subclass of bool: it was taken as the number 1 before
    for value, shown in ((np.True_, "True"), (True, "True"), ("x", "'x'")):
        with pytest.raises(TypeError, match=f"^sd expects a number, not {shown}$"):
            alliance.reliable_change([1.0], [2.0], direction="higher", reliability=0.8, sd=value)
