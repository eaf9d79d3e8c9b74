"""Hostile inputs to every public function: wrong types, shapes, codes, cells, paths and
arguments, and Python threads calling at once. Each call must return or raise at once (no crash,
no hang: every case runs under an alarm), coerce nothing silently, and raise only the package's
own kinds of error (TypeError for a wrong type, as numpy and pandas do; ValueError and its
ResponseError and DefinitionError; KeyError and its ColumnError) with a message naming the
argument, or the row, the item and the value. The FIFO cases run in a child process, which is
killed if a call blocks. Interrupts (Ctrl-C) are tested in test_interrupts.py."""
from __future__ import annotations

import concurrent.futures
import decimal
import fractions
import os
import pathlib
import re
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import alliance

ROOT = pathlib.Path(__file__).resolve().parents[3]
LAB_KEY = ROOT / "examples" / "keys" / "example-lab-alliance.json"
ITEMS12 = [f"item{i}" for i in range(1, 13)]
SECONDS = 30


@pytest.fixture(autouse=True)
def no_hang():
    """Every case within SECONDS: a hang fails the case instead of the suite."""
    def expired(signum, frame):
        raise TimeoutError(f"no answer within {SECONDS} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# -- data -------------------------------------------------------------------------------------------

def wai(*rows, dtype=None):
    """WAI-SR rows (12 items, 1..5): the given ones, default one valid row."""
    return pd.DataFrame(list(rows) or [[4] * 12], columns=ITEMS12, dtype=dtype)


def wai_cell(value, item=1):
    """Two rows, the second valid, the first with `value` at item `item` in an object column."""
    first = [4] * 12
    first[item - 1] = value
    return pd.DataFrame([first, [3] * 12], columns=ITEMS12, dtype=object)


def visits(**extra):
    return pd.DataFrame({"client": ["a", "a", "a", "b", "b"], "session": [1, 2, 3, 1, 2],
                         **{f"srs_{i}": [9.0, 5.0, 9.5, 8.0, 8.5] for i in range(1, 5)}, **extra})


TRACK = dict(items="srs_{}", client="client", session="session", direction="higher")


def couples(score=(62.0, 55.0, 40.0, 44.0)):
    return pd.DataFrame({"unit": ["u1", "u1", "u2", "u2"], "member": ["w", "m", "w", "m"],
                         "score": pd.Series(list(score), dtype=object if any(isinstance(s, (str, complex)) or
                                                                              (isinstance(s, int) and abs(s) > 2**60)
                                                                              for s in score) else None)})


def ratings():
    return pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "b": [2.0, 2, 4, 4, 6], "c": [1.0, 3, 3, 5, 5]})


def rc(pre, post=None, **kw):
    kw = {"sd": 5.0, "reliability": 0.8, "direction": "higher", **kw}
    return alliance.reliable_change(pre, [20.0] * len(pre) if post is None else post, **kw)


def compare(scores, **kw):
    return alliance.normative_compare(scores, **{"mean": 10.0, "sd": 2.0, **kw})


def equivalence(means=(12.0,), sds=(4.0,), ns=(10,), **kw):
    return alliance.normative_equivalence(list(means), list(sds), list(ns),
                                          **{"mean": 10, "sd": 4, "n": 10, "delta": 4, **kw})


# -- expectations -----------------------------------------------------------------------------------

class Raises:
    def __init__(self, kind, pattern):
        self.kind, self.pattern = kind, pattern

    def check(self, call):
        with pytest.raises(self.kind, match=self.pattern):
            call()


class RowError:
    """An error row (by position) whose message matches: the row, the item or column and the value."""

    def __init__(self, row, pattern, status="error"):
        self.row, self.pattern, self.status = row, pattern, status

    def check(self, call):
        out = call()
        assert out.iloc[self.row]["status"] == self.status, out.iloc[self.row]["message"]
        assert re.search(self.pattern, out.iloc[self.row]["message"]), out.iloc[self.row]["message"]
        others = out.drop(index=out.index[self.row])
        assert (others["status"] != "error").all(), others["message"].tolist()


class Returns:
    def __init__(self, test):
        self.test = test

    def check(self, call):
        result = call()
        assert self.test(result), result


def type_error(name, what=None):
    return Raises(TypeError, f"^{re.escape(name)} expects {what or ''}")


def value_error(pattern):
    return Raises(ValueError, pattern)


CASES = []


def case(name, call, expect):
    CASES.append(pytest.param(call, expect, id=name))


# -- score: data ------------------------------------------------------------------------------------
ok_total = lambda total: Returns(lambda out: out.loc[out.index[0], "total_sum"] == total)
case("score-list-of-lists-as-numpy-reads-it", lambda: alliance.score([[4] * 12], "wai-sr"), ok_total(48))
case("score-1d-array", lambda: alliance.score(np.full(12, 4.0), "wai-sr"),
     value_error("^data expects a 2-D array, not a 1-D array$"))
case("score-3d-array", lambda: alliance.score(np.full((1, 1, 12), 4.0), "wai-sr"),
     value_error("^data expects a 2-D array, not a 3-D array$"))
case("score-13-columns", lambda: alliance.score(np.full((1, 13), 4.0), "wai-sr"),
     value_error("^data has 13 columns; wai-sr has 12 items$"))
case("score-text-as-data", lambda: alliance.score("item1", "wai-sr"), value_error("^data expects a 2-D array"))
case("score-none-as-data", lambda: alliance.score(None, "wai-sr"), value_error("^data expects a 2-D array"))
case("score-dict-as-data", lambda: alliance.score({"item1": [4]}, "wai-sr"), value_error("^data expects a 2-D array"))
case("score-bool-array", lambda: alliance.score(np.ones((1, 12), dtype=bool), "wai-sr"),
     Raises(TypeError, "^column 'column 1' is of type bool; answers must be numbers"))
case("score-complex-array", lambda: alliance.score(np.ones((1, 12), dtype=complex), "wai-sr"),
     Raises(TypeError, "^column 'column 1' is of type complex128"))
case("score-datetime-array", lambda: alliance.score(np.zeros((1, 12), dtype="datetime64[D]"), "wai-sr"),
     Raises(TypeError, "^column 'column 1' is of type datetime64"))
case("score-object-array-with-text", lambda: alliance.score(np.array([["x"] + [4] * 11, [4] * 12], dtype=object),
                                                            "wai-sr"),
     RowError(0, "^row '0', column 'column 1': value 'x' is not a number"))
case("score-text-array", lambda: alliance.score(np.array([["4"] * 12, ["9"] + ["4"] * 11]), "wai-sr"),
     RowError(1, r"item 1: response 9 is outside the response scale 1..5 \(column 'column 1', value '9'\)"))
case("score-masked-array", lambda: alliance.score(np.ma.masked_array(np.full((1, 12), 4.0), [[1] + [0] * 11]),
                                                  "wai-sr"),
     Returns(lambda out: out.loc[0, "total_answered"] == 11 and out.loc[0, "status"] == "partial"))
case("score-masked-int-array-out-of-range-masked", lambda: alliance.score(
    np.ma.masked_array(np.full((1, 12), 9), [[1] * 12]), "wai-sr"), Returns(lambda out: out.loc[0, "status"] == "partial"))
case("score-float32-array", lambda: alliance.score(np.full((1, 12), 4, dtype=np.float32), "wai-sr"), ok_total(48))
case("score-uint8-array", lambda: alliance.score(np.full((1, 12), 4, dtype=np.uint8), "wai-sr"), ok_total(48))
case("score-uint64-huge", lambda: alliance.score(np.full((1, 12), 2**64 - 1, dtype=np.uint64), "wai-sr"),
     RowError(0, r"item 1: response 18446744073709551616 is outside .*value '18446744073709551615'"))
case("score-fortran-array", lambda: alliance.score(np.asfortranarray(np.full((2, 12), 4.0)), "wai-sr"), ok_total(48))
case("score-strided-array", lambda: alliance.score(np.full((4, 24), 4.0)[::2, ::2], "wai-sr"), ok_total(48))
case("score-zero-row-array", lambda: alliance.score(np.empty((0, 12)), "wai-sr"), Returns(lambda out: len(out) == 0))
case("score-zero-row-frame", lambda: alliance.score(wai().iloc[:0], "wai-sr"), Returns(lambda out: len(out) == 0))
case("score-inf-in-array", lambda: alliance.score(np.array([[np.inf] + [4.0] * 11]), "wai-sr"),
     RowError(0, "item 1: response inf is not a finite number"))
case("score-huge-float", lambda: alliance.score(np.array([[1e308] + [4.0] * 11]), "wai-sr"),
     RowError(0, "item 1: response 1e\\+308 is outside"))
case("score-half-answer", lambda: alliance.score(wai([4.5] + [4] * 11), "wai-sr"),
     RowError(0, r"item 1: response 4.5 is not one of the integer anchors .*value '4.5'"))
case("score-negative-zero", lambda: alliance.score(wai([-0.0] + [4] * 11), "wai-sr"),
     RowError(0, r"item 1: response -?0 is outside"))

# -- score: cells of an object column (passed as their text, the library decides) --------------------
for name, value, shown in [("true", True, "True"), ("numpy-true", np.True_, "True"), ("complex", 1 + 2j, r"\(1\+2j\)"),
                           ("huge-int", 10**400, "1" + "0" * 20), ("bytes", b"3", "b'3'"), ("list", [4], r"\[4\]"),
                           ("dict", {"a": 4}, r"\{'a': 4\}"), ("set", {4}, r"\{4\}"), ("fraction", fractions.Fraction(7, 2),
                                                                                   "7/2"),
                           ("object", object(), "<object object"), ("nan-text", "nan", "nan"), ("x", "x", "x"),
                           ("comma-decimal", "4,0", "4,0"), ("surrogate", "\ud800", r"\\ud800"),
                           ("empty-list", [], r"\[\]"), ("type", int, "<class 'int'>"),
                           ("nested-frame", pd.DataFrame(), "Empty DataFrame")]:
    case(f"score-cell-{name}", lambda value=value: alliance.score(wai_cell(value), "wai-sr"),
         RowError(0, f"^row '0', column 'item1': value '{shown}"))
case("score-cell-inf-text", lambda: alliance.score(wai_cell("inf"), "wai-sr"),
     RowError(0, "item 1: response inf is not a finite number .*value 'inf'"))
case("score-cell-decimal-reads-as-its-text", lambda: alliance.score(wai_cell(decimal.Decimal("3")), "wai-sr"),
     Returns(lambda out: out.loc[0, "total_sum"] == 47))
case("score-cell-numpy-float32", lambda: alliance.score(wai_cell(np.float32(3)), "wai-sr"),
     Returns(lambda out: out.loc[0, "total_sum"] == 47))
case("score-cell-pd-na", lambda: alliance.score(wai_cell(pd.NA), "wai-sr"),
     Returns(lambda out: out.loc[0, "total_answered"] == 11))
case("score-cell-nat", lambda: alliance.score(wai_cell(pd.NaT), "wai-sr"),
     Returns(lambda out: out.loc[0, "total_answered"] == 11))
case("score-cell-masked-constant", lambda: alliance.score(wai_cell(np.ma.masked), "wai-sr"),
     Returns(lambda out: out.loc[0, "total_answered"] == 11))
case("score-cell-out-of-range-int", lambda: alliance.score(wai_cell(6, item=5), "wai-sr"),
     RowError(0, r"^wai-sr, record 'row 0', item 5: response 6 is outside the response scale 1..5 "
                 r"\(column 'item5', value '6'\)$"))

# -- score: typed columns --------------------------------------------------------------------------
def with_column(values, name="item1"):
    frame = wai([4] * 12, [3] * 12)
    frame[name] = values
    return frame


case("score-bool-column", lambda: alliance.score(with_column([True, False]), "wai-sr"),
     Raises(TypeError, "^column 'item1' is of type bool; answers must be numbers"))
case("score-nullable-boolean-column", lambda: alliance.score(with_column(pd.array([True, None])), "wai-sr"),
     Raises(TypeError, "^column 'item1' is of type boolean"))
case("score-datetime-column", lambda: alliance.score(with_column(pd.to_datetime(["2024-01-01"] * 2)), "wai-sr"),
     Raises(TypeError, "^column 'item1' is of type datetime64"))
case("score-timedelta-column", lambda: alliance.score(with_column(pd.to_timedelta([1, 2], unit="D")), "wai-sr"),
     Raises(TypeError, "^column 'item1' is of type timedelta64"))
case("score-complex-column", lambda: alliance.score(with_column(np.array([1 + 0j, 2])), "wai-sr"),
     Raises(TypeError, "^column 'item1' is of type complex128"))
case("score-int64-with-na", lambda: alliance.score(with_column(pd.array([4, None], dtype="Int64")), "wai-sr"),
     Returns(lambda out: out["total_answered"].tolist() == [12, 11]))
case("score-string-dtype-with-na", lambda: alliance.score(with_column(pd.array(["4", None], dtype="string")), "wai-sr"),
     Returns(lambda out: out["total_answered"].tolist() == [12, 11]))
case("score-categorical-column", lambda: alliance.score(with_column(pd.Categorical(["4", "x"])), "wai-sr"),
     RowError(1, "^row '1', column 'item1': value 'x'"))
case("score-duplicate-item-column", lambda: alliance.score(pd.concat([wai(), wai()[["item3"]]], axis=1), "wai-sr"),
     Raises(alliance.ColumnError, "more than one column named item3"))
case("score-absent-item-column", lambda: alliance.score(wai().drop(columns="item12"), "wai-sr"),
     Raises(alliance.ColumnError, r"the header lacks column item12 \(item columns come from items 'item\{\}'\)"))
case("score-multiindex-columns", lambda: alliance.score(
    wai().set_axis(pd.MultiIndex.from_tuples([(c, "x") for c in ITEMS12]), axis=1), "wai-sr"),
     Raises(alliance.ColumnError, "the header lacks columns item1,"))
case("score-integer-column-labels", lambda: alliance.score(wai().set_axis(range(1, 13), axis=1), "wai-sr", items="{}"),
     ok_total(48))
case("score-padded-column-label", lambda: alliance.score(wai().rename(columns={"item1": " item1 "}), "wai-sr"),
     ok_total(48))
case("score-tuple-row-labels", lambda: alliance.score(wai([6] + [4] * 11).set_axis(pd.MultiIndex.from_tuples(
    [("c1", 1)])), "wai-sr"), RowError(0, r"record 'row \('c1', 1\)', item 1: response 6"))
case("score-duplicate-row-labels", lambda: alliance.score(wai([4] * 12, [4] * 12).set_axis(["c", "c"]), "wai-sr"),
     Returns(lambda out: list(out.index) == ["c", "c"]))

# -- score: arguments ------------------------------------------------------------------------------
ITEMS_EXPECTED = "a pattern, a list of column names or a dict of item number to column"
case("score-items-none-is-the-default", lambda: alliance.score(wai(), "wai-sr", items=None), ok_total(48))
case("score-items-number", lambda: alliance.score(wai(), "wai-sr", items=5), type_error("items", f"{ITEMS_EXPECTED}, not 5"))
case("score-items-list-of-one-pattern", lambda: alliance.score(wai(), "wai-sr", items=["item{}"]),
     value_error(r"^items lists 1 column \(item\{\}\) for 12 items$"))
case("score-items-without-braces", lambda: alliance.score(wai(), "wai-sr", items="item"),
     value_error("^items 'item' has no {} where the item number goes$"))
case("score-items-bad-placeholder", lambda: alliance.score(wai(), "wai-sr", items="item{:2}"),
     value_error(r"^items 'item\{:2\}' has '\{:2\}' where \{\} \(the item number\) or \{:0N\}"))
case("score-items-set", lambda: alliance.score(wai(), "wai-sr", items=set(ITEMS12)), type_error("items", ITEMS_EXPECTED))
case("score-items-list-with-none", lambda: alliance.score(wai(), "wai-sr", items=[None] * 12), type_error("items"))
case("score-items-list-with-float", lambda: alliance.score(wai(), "wai-sr", items=[1.0] * 12), type_error("items"))
case("score-items-2d-array", lambda: alliance.score(wai(), "wai-sr", items=np.array([ITEMS12])), type_error("items"))
case("score-items-dict-text-keys", lambda: alliance.score(wai(), "wai-sr", items={"1": "item1"}), type_error("items"))
case("score-items-dict-bool-key", lambda: alliance.score(wai(), "wai-sr", items={True: "item1"}), type_error("items"))
case("score-items-dict-huge-key", lambda: alliance.score(wai(), "wai-sr", items={10**30: "item1"}), type_error("items"))
case("score-items-dict-none-column", lambda: alliance.score(wai(), "wai-sr", items={1: None}), type_error("items"))
case("score-items-dict-item-zero", lambda: alliance.score(wai(), "wai-sr", items={0: "item1"}),
     value_error("^items maps item 0 \\(to column 'item1'\\), but the items are numbered 1..12$"))
case("score-items-empty-name", lambda: alliance.score(wai(), "wai-sr", items=[""] + ITEMS12[1:]),
     value_error(r"^items names no column for item 1 \(an empty name\)$"))
case("score-items-numpy-integer-keys", lambda: alliance.score(wai(), "wai-sr",
                                                              items={np.int64(i): f"item{i}" for i in range(1, 13)}),
     ok_total(48))
case("score-items-integer-column-names", lambda: alliance.score(wai().set_axis(range(1, 13), axis=1), "wai-sr",
                                                                items=list(range(1, 13))), ok_total(48))
case("score-labels-text", lambda: alliance.score(wai(), "wai-sr", labels="Seldom"), type_error("labels", "a dict"))
case("score-labels-list", lambda: alliance.score(wai(), "wai-sr", labels=[1, 2]), type_error("labels", "a dict"))
case("score-labels-none-code", lambda: alliance.score(wai(), "wai-sr", labels={"Seldom": None}),
     type_error("labels", "a number, not None"))
case("score-labels-complex-code", lambda: alliance.score(wai(), "wai-sr", labels={"Seldom": 1j}), type_error("labels"))
case("score-labels-huge-code", lambda: alliance.score(wai(), "wai-sr", labels={"Seldom": 10**400}),
     type_error("labels", "a number"))
case("score-labels-nan-code", lambda: alliance.score(wai(), "wai-sr", labels={"Seldom": np.nan}),
     value_error("^labels map label 'Seldom' to NaN, not to a number$"))
case("score-labels-tuple-key", lambda: alliance.score(wai(), "wai-sr", labels={("a",): 1}), type_error("labels"))
case("score-labels-twice-after-trimming", lambda: alliance.score(wai(), "wai-sr", labels={"Seldom": 1, " Seldom": 2}),
     value_error("^labels hold label 'Seldom' twice$"))
case("score-labels-item-map-of-texts", lambda: alliance.score(wai(), "wai-sr", labels={3: {"No": "1"}}),
     type_error("labels", "a number, not '1'"))
case("score-labels-item-negative", lambda: alliance.score(wai(), "wai-sr", labels={-1: {"No": 1}}),
     value_error("^labels give labels for item 0, but the items are 1..12$"))
case("score-labels-on-number-columns-change-nothing", lambda: alliance.score(wai(), "wai-sr", labels={"Seldom": 1}),
     ok_total(48))
case("score-labels-unknown-label", lambda: alliance.score(wai_cell("Often", item=3), "wai-sr", labels={"Seldom": 1}),
     RowError(0, r"^row '0', item 3, column 'item3': label 'Often' is not one of the labels \('Seldom'\)"))
case("score-min-answered-text", lambda: alliance.score(wai(), "wai-sr", min_answered="x"),
     type_error("min_answered", "a number, not 'x'"))
case("score-min-answered-bool", lambda: alliance.score(wai(), "wai-sr", min_answered=True),
     type_error("min_answered", "a number, not True"))
case("score-min-answered-2", lambda: alliance.score(wai(), "wai-sr", min_answered=2),
     value_error("^min_answered expects a fraction above 0 and at most 1, not 2$"))
case("score-min-answered-nan", lambda: alliance.score(wai(), "wai-sr", min_answered=float("nan")),
     value_error("^min_answered expects a number, not nan$"))
case("score-min-answered-zero", lambda: alliance.score(wai(), "wai-sr", min_answered=0),
     value_error("^min_answered expects a fraction"))
case("score-missing-true", lambda: alliance.score(wai(), "wai-sr", missing=True), type_error("missing", "a code"))
case("score-missing-object", lambda: alliance.score(wai(), "wai-sr", missing=object()), type_error("missing"))
case("score-missing-nested-list", lambda: alliance.score(wai(), "wai-sr", missing=[[1]]), type_error("missing"))
case("score-missing-dict", lambda: alliance.score(wai(), "wai-sr", missing={"a": 1}), type_error("missing"))
case("score-missing-complex", lambda: alliance.score(wai(), "wai-sr", missing=1j), type_error("missing"))
case("score-missing-number-code", lambda: alliance.score(wai([-99] + [4] * 11), "wai-sr", missing=[-99]),
     Returns(lambda out: out.loc[0, "total_answered"] == 11))
case("score-missing-text-code-on-numbers", lambda: alliance.score(wai([-99] + [4] * 11), "wai-sr", missing="-99"),
     Returns(lambda out: out.loc[0, "total_answered"] == 11))
case("score-missing-numpy-array-of-codes", lambda: alliance.score(wai([-9] + [4] * 11), "wai-sr",
                                                                  missing=np.array([-9, -99])),
     Returns(lambda out: out.loc[0, "total_answered"] == 11))
case("score-not-applicable-bool", lambda: alliance.score(wai(), "wai-sr", not_applicable=False),
     type_error("not_applicable"))
case("score-not-applicable-where-not-offered", lambda: alliance.score(wai_cell("n/a"), "wai-sr",
                                                                      not_applicable="n/a"),
     RowError(0, "item 1"))
case("score-errors-number", lambda: alliance.score(wai(), "wai-sr", errors=5),
     type_error("errors", "'row' or 'raise', not 5"))
case("score-errors-none", lambda: alliance.score(wai(), "wai-sr", errors=None), type_error("errors"))
case("score-errors-unknown-word", lambda: alliance.score(wai(), "wai-sr", errors="rows"),
     value_error("^errors expects 'row' or 'raise', not 'rows'$"))
case("score-errors-raise", lambda: alliance.score(wai([6] + [4] * 11), "wai-sr", errors="raise"),
     Raises(alliance.ResponseError, r"record 'row 0', item 1: response 6 is outside .*value '6'"))
case("score-classify-no", lambda: alliance.score(wai(), "wai-sr", classify="no"),
     type_error("classify", "True or False, not 'no'"))
case("score-classify-one", lambda: alliance.score(wai(), "wai-sr", classify=1), type_error("classify"))
case("score-classify-numpy-true", lambda: alliance.score(pd.DataFrame([[1] * 10], columns=[f"item{i}" for i in range(1, 11)]),
                                                         "phq-9", classify=np.True_),
     Returns(lambda out: "phq-9-severity" in out))

# -- instruments and key files ---------------------------------------------------------------------
case("score-instrument-number", lambda: alliance.score(wai(), 5), type_error("instrument", "an alliance.Instrument"))
case("score-instrument-none", lambda: alliance.score(wai(), None), type_error("instrument"))
case("score-instrument-bytes", lambda: alliance.score(wai(), b"wai-sr"), type_error("instrument"))
case("score-instrument-unknown-id", lambda: alliance.score(wai(), "wai-xx"), Raises(KeyError, "wai-xx"))
case("score-instrument-directory", lambda: alliance.score(wai(), str(ROOT)),
     Raises(alliance.DefinitionError, f"key file '{re.escape(str(ROOT))}': cannot read the file: it is a directory"))
case("score-instrument-device", lambda: alliance.score(wai(), "/dev/zero"),
     Raises(alliance.DefinitionError, "key file '/dev/zero': .*character device, not a regular file"))
case("score-instrument-absent-path", lambda: alliance.score(wai(), pathlib.Path("/nonexistent/key.json")),
     Raises(alliance.DefinitionError, "key file '/nonexistent/key.json'"))
case("instrument-id-number", lambda: alliance.instrument(5), type_error("id", "text, not 5"))
case("instrument-id-none", lambda: alliance.instrument(None), type_error("id"))
case("instrument-id-empty", lambda: alliance.instrument(""), Raises(KeyError, "instrument"))
case("instruments-are-texts", lambda: alliance.instruments(), Returns(lambda ids: all(isinstance(i, str) for i in ids)))
case("load-key-number", lambda: alliance.load_key(5), type_error("path", "a file path"))
case("load-key-none", lambda: alliance.load_key(None), type_error("path"))
case("load-key-bytes", lambda: alliance.load_key(b"key.json"), type_error("path"))
case("load-key-directory", lambda: alliance.load_key(ROOT), Raises(alliance.DefinitionError, "it is a directory"))
case("load-key-dev-null", lambda: alliance.load_key("/dev/null"),
     Raises(alliance.DefinitionError, "key file '/dev/null': cannot read the file: it is a character device"))
case("load-key-absent", lambda: alliance.load_key("/nonexistent.json"),
     Raises(alliance.DefinitionError, "key file '/nonexistent.json': cannot read the file"))
case("load-key-example", lambda: alliance.load_key(str(LAB_KEY)), Returns(lambda inst: inst.id == "example-lab-alliance"))


def key_file_with(tmp_text):
    def call():
        import tempfile
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as handle:
            handle.write(tmp_text)
        try:
            return alliance.load_key(handle.name)
        finally:
            os.unlink(handle.name)
    return call


case("load-key-empty-file", key_file_with(b""), Raises(alliance.DefinitionError, "key file '.*\\.json'"))
case("load-key-binary-file", key_file_with(bytes(range(256))), Raises(alliance.DefinitionError, "key file '.*\\.json'"))
case("load-key-json-array", key_file_with(b"[1, 2, 3]"), Raises(alliance.DefinitionError, "key file '.*\\.json'"))
case("load-key-deep-json", key_file_with(b"[" * 100000), Raises(alliance.DefinitionError, "key file '.*\\.json'"))

# -- define_instrument and save_key -----------------------------------------------------------------
define = lambda **kw: alliance.define_instrument(**{"id": "lab", "response": (1, 5), "scales": {"total": [1, 2]}, **kw})
case("define-id-number", lambda: define(id=5), type_error("id", "text, not 5"))
case("define-id-empty", lambda: define(id=""), Raises(alliance.DefinitionError, "id"))
case("define-name-number", lambda: define(name=5), type_error("name", "text, not 5"))
case("define-metric-number", lambda: define(metric=5), type_error("metric", "text, not 5"))
case("define-missing-rule-number", lambda: define(missing_rule=0.8), type_error("missing_rule", "text, not 0.8"))
case("define-missing-rule-extra-number", lambda: define(missing_rule="all_required:3"),
     value_error("^missing_rule 'all_required:3': rule all_required takes no number$"))
case("define-missing-rule-fraction-text", lambda: define(missing_rule="prorate_min_fraction:most"),
     value_error("takes a fraction of items"))
case("define-response-three", lambda: define(response=(1, 3, 5)), type_error("response", "two numbers"))
case("define-response-text", lambda: define(response="1,5"), type_error("response", "two numbers"))
case("define-response-bool", lambda: define(response=(False, True)), type_error("response", "a number, not False"))
case("define-response-inf", lambda: define(response=(1, float("inf"))), value_error("^response expects a number, not inf$"))
case("define-response-array", lambda: define(response=np.array([0, 10])), Returns(lambda inst: inst.items == 2))
case("define-scales-text-items", lambda: define(scales={"total": "A1"}), type_error("scales", "a dict of scale name"))
case("define-scales-number-name", lambda: define(scales={5: [1]}), type_error("scales", "a dict of scale name"))
case("define-scales-bool-item", lambda: define(scales={"total": [True]}), type_error("scales"))
case("define-scales-huge-item", lambda: define(scales={"total": [10**30]}), type_error("scales"))
case("define-scales-item-zero", lambda: define(scales={"total": [0, 1]}), Raises(ValueError, "item"))
case("define-scales-empty-name", lambda: define(scales={"total": ["", "A1"]}), value_error("holds an empty item"))
case("define-scales-lone-minus", lambda: define(scales={"total": ["-", "A1"]}), value_error("holds an empty item"))
case("define-reversed-text", lambda: define(reversed="A1"), type_error("reversed", "a list of item numbers"))
case("define-reversed-beyond-scales", lambda: define(reversed=[3]), Returns(lambda inst: inst.items == 3))
case("define-labels-number-label", lambda: define(labels={"3": 3}), value_error("^labels label '3' is a number"))
case("define-labels-item-beyond", lambda: define(labels={7: {"No": 1}}),
     value_error("^labels give labels for item 7, but the items are 1..2$"))
case("define-numpy-items", lambda: define(scales={"total": np.array([1, -2])}), Returns(lambda inst: inst.reversed == [2]))
case("define-scales-series-of-names", lambda: define(scales={"total": pd.Series(["q1", "-q2"])}),
     Returns(lambda inst: inst.item_columns == ["q1", "q2"]))
case("save-key-path-number", lambda: alliance.save_key("srs", 5), type_error("path", "a file path"))
case("save-key-path-none", lambda: alliance.save_key("srs", None), type_error("path", "a file path"))
case("save-key-path-bytes", lambda: alliance.save_key("srs", b"srs.json"), type_error("path", "a file path"))
case("save-key-instrument-number", lambda: alliance.save_key(5, "srs.json"), type_error("instrument"))
case("save-key-instrument-unknown", lambda: alliance.save_key("wai-xx", "srs.json"), Raises(KeyError, "wai-xx"))
case("save-key-under-a-device", lambda: alliance.save_key("srs", "/dev/null/srs.json"), Raises(OSError, "srs.json"))

# -- score_long and read_spss -----------------------------------------------------------------------
answers = lambda **kw: pd.DataFrame({"client": ["a", "a"], "item": [1, 2], "value": [9.0, 8.0], **kw})
score_long = lambda data, **kw: alliance.score_long(data, "srs", **{"record": "client", **kw})
case("score-long-data-list", lambda: score_long([1, 2]), type_error("data", "a pandas DataFrame"))
case("score-long-record-none", lambda: score_long(answers(), record=None), type_error("record", "a column name"))
case("score-long-record-list-of-numbers", lambda: score_long(answers(), record=[5]), type_error("record", "text"))
case("score-long-item-number", lambda: score_long(answers(), item=5), type_error("item", "text, not 5"))
case("score-long-value-none", lambda: score_long(answers(), value=None), type_error("value", "text, not None"))
case("score-long-same-item-and-value", lambda: score_long(answers(), item="value"),
     value_error("^item and value name the same column 'value'$"))
case("score-long-record-twice", lambda: score_long(answers(), record=["client", "client"]),
     value_error("^record names column 'client' twice$"))
case("score-long-bool-values", lambda: score_long(answers(value=[True, False])),
     Raises(TypeError, "^column 'value' is of type bool; answers must be numbers"))
case("score-long-complex-value-cell", lambda: score_long(answers(value=pd.Series([1j, 8.0], dtype=object))),
     RowError(0, r"^row '0', column 'value': value '1j' is not a number"))
case("score-long-float-items", lambda: score_long(answers(item=[1.0, 2.0])), Returns(lambda out: out.loc[0, "total_answered"] == 2))
case("score-long-item-text-number", lambda: score_long(answers(item=["01", " 2 "])),
     Returns(lambda out: out.loc[0, "total_answered"] == 2))
case("score-long-item-fraction", lambda: score_long(answers(item=[1.5, 2])),
     RowError(0, r"column 'item': item '1.5' is not an item of srs \(1..4\)"))
case("score-long-item-missing", lambda: score_long(answers(item=[None, 2])),
     RowError(0, r"column 'item': item '' is not an item of srs"))
case("score-long-value-out-of-range", lambda: score_long(answers(value=[11.0, 8.0])),
     RowError(0, r"^srs, record 'row 0', item 1: response 11 is outside .*\(row '0', column 'value', value '11'\)$"))
case("score-long-nan-key", lambda: score_long(answers(client=["a", np.nan])),
     RowError(1, r"^row '1', column 'client': empty, so the row belongs to no record$"))
case("score-long-zero-rows", lambda: score_long(answers().iloc[:0]), Returns(lambda out: len(out) == 0))
case("score-long-numeric-keys", lambda: score_long(answers(client=[7, 7])),
     Returns(lambda out: out["client"].tolist() == [7]))
case("score-long-int64-values", lambda: score_long(answers(value=pd.array([9, None], dtype="Int64"))),
     Returns(lambda out: out.loc[0, "total_answered"] == 1))
case("score-long-missing-code", lambda: score_long(answers(value=[-99.0, 8.0]), missing=-99),
     Returns(lambda out: out.loc[0, "total_answered"] == 1))
case("read-spss-path-number", lambda: alliance.read_spss(5), type_error("path", "a file path"))
case("read-spss-path-none", lambda: alliance.read_spss(None), type_error("path", "a file path"))
case("read-spss-not-a-stat-file", lambda: alliance.read_spss("/dev/null"),
     value_error("^cannot tell the format of '/dev/null'"))
case("read-spss-absent", lambda: alliance.read_spss("/nonexistent/data.sav"),
     Raises(OSError, "cannot read '/nonexistent/data.sav'"))
case("read-spss-pathlike-absent", lambda: alliance.read_spss(pathlib.Path("/nonexistent.dta")),
     Raises(OSError, "nonexistent.dta"))

# -- explain_score ---------------------------------------------------------------------------------
case("explain-scalar", lambda: alliance.explain_score(4, "wai-sr"), type_error("responses", "a sequence of numbers, not 4"))
case("explain-text", lambda: alliance.explain_score("4,5", "wai-sr"), type_error("responses"))
case("explain-dict", lambda: alliance.explain_score({"a": 1}, "wai-sr"), type_error("responses"))
case("explain-none", lambda: alliance.explain_score(None, "wai-sr"), type_error("responses"))
case("explain-2d-array", lambda: alliance.explain_score(np.ones((2, 12)), "wai-sr"),
     type_error("responses", r"a sequence of numbers \(1-D\), not a 2-D array"))
case("explain-true", lambda: alliance.explain_score([True] + [4] * 11, "wai-sr"),
     value_error("^responses: response 1 'True' is not a number"))
case("explain-complex", lambda: alliance.explain_score([4, 1 + 2j] + [4] * 10, "wai-sr"),
     value_error(r"^responses: response 2 '\(1\+2j\)' is not a number"))
case("explain-huge-int", lambda: alliance.explain_score([10**400] + [4] * 11, "wai-sr"),
     value_error("^responses: response 1 '10000"))
case("explain-out-of-range-listed", lambda: alliance.explain_score([6] + [4] * 11, "wai-sr"),
     Returns(lambda text: "item  1: 6 (invalid)" in text))
case("explain-inf-listed", lambda: alliance.explain_score([float("inf")] + [4] * 11, "wai-sr"),
     Returns(lambda text: "response inf is not a finite number" in text))
case("explain-all-nan", lambda: alliance.explain_score([float("nan")] * 12, "wai-sr"), Returns(lambda text: "wai-sr" in text))
case("explain-empty", lambda: alliance.explain_score([], "wai-sr"), Returns(lambda text: "0 responses given" in text))
case("explain-masked", lambda: alliance.explain_score(np.ma.masked_array([9] + [4] * 11, [1] + [0] * 11), "wai-sr"),
     Returns(lambda text: text == alliance.explain_score([None] + [4] * 11, "wai-sr")))
case("explain-int64-series-with-na", lambda: alliance.explain_score(pd.Series([None] + [4] * 11, dtype="Int64"),
                                                                   "wai-sr"),
     Returns(lambda text: text == alliance.explain_score([None] + [4] * 11, "wai-sr")))
case("explain-generator", lambda: alliance.explain_score((4 for _ in range(12)), "wai-sr"),
     Returns(lambda text: "Not scored" not in text))
case("explain-missing-true", lambda: alliance.explain_score([4] * 12, "wai-sr", missing=True), type_error("missing"))
case("explain-min-answered-text", lambda: alliance.explain_score([4] * 12, "wai-sr", min_answered="x"),
     type_error("min_answered"))
case("explain-instrument-number", lambda: alliance.explain_score([4] * 12, 5), type_error("instrument"))

# -- reliable_change -------------------------------------------------------------------------------
case("change-pre-scalar", lambda: alliance.reliable_change(5, [1.0], sd=1, reliability=0.8, direction="higher"),
     type_error("pre", "a sequence of numbers, not 5"))
case("change-pre-text", lambda: alliance.reliable_change("abc", [1.0], sd=1, reliability=0.8, direction="higher"),
     type_error("pre"))
case("change-pre-dict", lambda: alliance.reliable_change({"a": 1}, [1.0], sd=1, reliability=0.8, direction="higher"),
     type_error("pre"))
case("change-pre-2d", lambda: alliance.reliable_change(np.ones((2, 2)), [1.0], sd=1, reliability=0.8, direction="higher"),
     type_error("pre", r"a sequence of numbers \(1-D\)"))
case("change-pre-booleans", lambda: rc([True, False]),
     Raises(TypeError, "^column 'pre' is of type bool; scores must be numbers"))
case("change-pre-dates", lambda: rc(pd.Series(pd.to_datetime(["2024-01-01"]))),
     Raises(TypeError, "^column 'pre' is of type datetime64"))
case("change-pre-huge-int", lambda: rc(pd.Series([10.0, 10**400], dtype=object)),
     RowError(1, "^row '1', column 'pre': value '1000+' is not a finite number or a missing code"))
case("change-pre-complex-cell", lambda: rc(pd.Series([10.0, 1 + 2j], dtype=object)),
     RowError(1, r"^row '1', column 'pre': value '\(1\+2j\)' is not a finite number"))
case("change-pre-text-cell", lambda: rc(["10", "x"]), RowError(1, "^row '1', column 'pre': value 'x'"))
case("change-post-true-cell", lambda: rc([10.0, 12.0], pd.Series([20.0, True], dtype=object)),
     RowError(1, "^row '1', column 'post': value 'True'"))
case("change-named-series-cell", lambda: rc(pd.Series([10.0, "x"], index=["c1", "c2"], name="ors_pre")),
     RowError(1, "^row 'c2', column 'ors_pre': value 'x'"))
case("change-pre-masked", lambda: rc(np.ma.masked_array([10.0, 99.0], [0, 1])),
     RowError(1, "^missing pre; nothing computed$", status="partial"))
case("change-pre-none", lambda: rc([None, 10.0]), RowError(0, "^missing pre; nothing computed$", status="partial"))
case("change-lengths-differ", lambda: rc([1.0, 2.0], [1.0, 2.0, 3.0]), value_error("pre.*post|2 and 3"))
case("change-sd-text", lambda: rc([1.0], sd="x"), type_error("sd", "a number, not 'x'"))
case("change-sd-bool", lambda: rc([1.0], sd=True), type_error("sd", "a number, not True"))
case("change-sd-nan", lambda: rc([1.0], sd=float("nan")), value_error("^sd expects a number, not nan$"))
case("change-sd-inf", lambda: rc([1.0], sd=float("inf")), value_error("^sd expects a number, not inf$"))
case("change-sd-list", lambda: rc([1.0], sd=[1.0, 2.0]), type_error("sd"))
case("change-reliability-2", lambda: rc([1.0], reliability=2.0), value_error("reliability"))
case("change-direction-none", lambda: rc([1.0], direction=None), value_error("^give direction"))
case("change-direction-number", lambda: rc([1.0], direction=5), type_error("direction", "text, not 5"))
case("change-direction-word", lambda: rc([1.0], direction="up"), value_error("^direction expects 'higher' or 'lower'"))
case("change-method-number", lambda: rc([1.0], method=5), type_error("method", "text, not 5"))
case("change-method-unknown", lambda: rc([1.0], method="xx"), value_error("xx"))
case("change-cutoff-bool", lambda: rc([1.0], cutoff=True), type_error("cutoff", "a number, not True"))
case("change-cutoff-nan", lambda: rc([1.0], cutoff=float("nan")), value_error("^cutoff expects a number, not nan$"))
case("change-cutoff-letter-d", lambda: rc([1.0], cutoff="d"), value_error("^cutoff expects 'a', 'b' or 'c'"))
case("change-confidence-1.5", lambda: rc([1.0], confidence=1.5), value_error("confidence level .* is 1.5"))
case("change-zero-rows", lambda: rc([]), Returns(lambda out: len(out) == 0))

# -- normative_compare and normative_equivalence ---------------------------------------------------------
case("compare-scalar", lambda: compare(5), type_error("scores"))
case("compare-mean-text", lambda: compare([1.0], mean="x"), type_error("mean", "a number, not 'x'"))
case("compare-mean-nan", lambda: compare([1.0], mean=float("nan")), value_error("^mean expects a number, not nan$"))
case("compare-n-fraction", lambda: compare([1.0], n=2.5), value_error("^n expects a whole number of at least 2, not 2.5$"))
case("compare-n-bool", lambda: compare([1.0], n=True), type_error("n", "a number, not True"))
case("compare-draws-fraction", lambda: compare([1.0], n=10, bayesian=True, draws=2.5), value_error("^draws expects"))
case("compare-seed-negative", lambda: compare([1.0], n=10, bayesian=True, seed=-1), Raises((TypeError, ValueError), "seed"))
case("compare-seed-fraction", lambda: compare([1.0], n=10, bayesian=True, seed=1.5), Raises((TypeError, ValueError), "seed"))
case("compare-bayesian-no", lambda: compare([1.0], n=10, bayesian="no"), type_error("bayesian", "True or False"))
case("compare-text-cell", lambda: compare(["12", "x"]), RowError(1, "^row '1', column 'score': value 'x'"))
case("compare-complex-cell", lambda: compare(pd.Series([12.0, 3j], dtype=object)), RowError(1, r"value '3j'"))
case("compare-bool-array", lambda: compare(np.array([True])), Raises(TypeError, "^column 'score' is of type bool"))
case("compare-norm-number", lambda: compare([1.0], mean=None, sd=None, norm=5), type_error("norm", "text, not 5"))
case("compare-scores-b-lengths", lambda: compare([1.0, 2.0], n=10, bayesian=True, scores_b=[1.0], mean_b=0, sd_b=1,
                                                 correlation=0.5),
     value_error("scores.*scores_b|2 and 1"))
case("equivalence-mean-none", lambda: equivalence(mean=None), type_error("mean", "a number, not None"))
case("equivalence-sd-text", lambda: equivalence(sd="x"), type_error("sd", "a number, not 'x'"))
case("equivalence-n-fraction", lambda: equivalence(n=2.5), value_error("n is 2.5; it must be a whole number"))
case("equivalence-welch-text", lambda: equivalence(welch="no"), type_error("welch", "True or False"))
case("equivalence-alpha-nan", lambda: equivalence(alpha=float("nan")), value_error("^alpha expects a number, not nan$"))
case("equivalence-delta-bool", lambda: equivalence(delta=True), type_error("delta", "a number, not True"))
case("equivalence-no-delta", lambda: equivalence(delta=None), value_error("range of closeness"))
case("equivalence-group-n-text-cell", lambda: equivalence(ns=(10, "x"), means=(12.0, 12.0), sds=(4.0, 4.0)),
     RowError(1, "^row '1', column 'group_n': value 'x'"))
case("equivalence-group-mean-huge-int", lambda: equivalence(means=(12.0, 10**400), sds=(4.0, 4.0), ns=(10, 10)),
     RowError(1, "^row '1', column 'group_mean': value '1000+'"))

# -- icc and scale_reliability ---------------------------------------------------------------------
case("icc-scalar", lambda: alliance.icc(5), value_error("^ratings expects a 2-D array, not a 0-D array$"))
case("icc-1d", lambda: alliance.icc(np.array([1.0, 2.0])), value_error("^ratings expects a 2-D array, not a 1-D array$"))
case("icc-bool-array", lambda: alliance.icc(np.array([[True, False], [False, True]])),
     Raises(TypeError, "^column '0' is of type bool; ratings must be numbers"))
case("icc-text-array", lambda: alliance.icc(np.array([["1", "2"], ["x", "3"], ["2", "2"], ["3", "5"]])),
     Returns(lambda out: (out["message"].str.contains(r"invalid values left out \(row 1\)")).all()))
case("icc-list-of-lists", lambda: alliance.icc([[1, 2], [3, 5], [4, 4], [2, 3]]),
     Returns(lambda out: (out["status"] == "ok").all()))
case("icc-masked", lambda: alliance.icc(np.ma.masked_array([[1.0, 2], [3, 5], [4, 4], [2, 3]], [[0, 0], [0, 1], [0, 0], [0, 0]])),
     Returns(lambda out: (out["message"] == "1 row with a missing rating left out (listwise)").all()))
case("icc-complex-cell", lambda: alliance.icc(ratings().assign(a=pd.Series([1 + 2j, 2, 3, 4, 5], dtype=object))),
     Returns(lambda out: out["message"].str.contains(r"left out \(row 0\)").all()))
case("icc-complex-column", lambda: alliance.icc(ratings().assign(a=np.arange(5) + 0j)),
     Raises(TypeError, "^column 'a' is of type complex128; ratings must be numbers"))
case("icc-confidence-text", lambda: alliance.icc(ratings(), confidence="x"), type_error("confidence"))
case("icc-confidence-one", lambda: alliance.icc(ratings(), confidence=1), value_error("^confidence expects a level"))
case("icc-zero-rows", lambda: alliance.icc(ratings().iloc[:0]), Returns(lambda out: (out["status"] == "error").all()))
case("icc-duplicate-rater-names", lambda: alliance.icc(ratings().set_axis(["a", "a", "b"], axis=1)),
     Returns(lambda out: (out["k"] == 3).all()))
case("reliability-item-detail-text", lambda: alliance.scale_reliability(wai(), "wai-sr", item_detail="no"),
     type_error("item_detail", "True or False"))
case("reliability-confidence-nan", lambda: alliance.scale_reliability(wai(), "wai-sr", confidence=float("nan")),
     value_error("^confidence expects a number, not nan$"))
case("reliability-bool-column", lambda: alliance.scale_reliability(with_column([True, False]), "wai-sr"),
     Raises(TypeError, "^column 'item1' is of type bool"))
case("reliability-zero-rows", lambda: alliance.scale_reliability(wai().iloc[:0], "wai-sr"),
     Returns(lambda out: out.index.name == "scale" and (out["status"] == "error").all()))
case("reliability-missing-true", lambda: alliance.scale_reliability(wai(), "wai-sr", missing=True), type_error("missing"))

# -- split_alliance -----------------------------------------------------------------------------------
split = lambda data, **kw: alliance.split_alliance(data, **{"score": "score", "unit": "unit", "member": "member", **kw})
case("split-data-list", lambda: split([1, 2]), type_error("data", "a pandas DataFrame"))
case("split-data-array", lambda: split(np.ones((2, 3))), type_error("data", "a pandas DataFrame"))
case("split-score-absent-number", lambda: split(couples(), score=5), Raises(alliance.ColumnError, "lacks column 5"))
case("split-score-number", lambda: split(couples().set_axis(["unit", "member", 5], axis=1), score=5),
     type_error("score", "text, not 5"))
case("split-absent-unit", lambda: split(couples(), unit="family"), Raises(alliance.ColumnError, "lacks column family"))
case("split-duplicate-score", lambda: split(pd.concat([couples(), couples()[["score"]]], axis=1)),
     Raises(alliance.ColumnError, "more than one column named score"))
case("split-summary-text", lambda: split(couples(), summary="no"), type_error("summary", "True or False"))
case("split-threshold-text", lambda: split(couples(), threshold="x"), type_error("threshold", "a number"))
case("split-threshold-nan", lambda: split(couples(), threshold=float("nan")),
     value_error("^threshold expects a number, not nan$"))
case("split-huge-int-score", lambda: split(couples((62.0, 10**400, 40.0, 44.0))),
     RowError(0, "^row 1, column 'score': value '1000+' is not a finite number"))
case("split-complex-score", lambda: split(couples((62.0, 1 + 2j, 40.0, 44.0))),
     RowError(0, r"value '\(1\+2j\)' is not a finite number"))
case("split-bool-score-column", lambda: split(couples().assign(score=[True, False, True, False])),
     Raises(TypeError, "^column 'score' is of type bool; scores must be numbers"))
case("split-zero-rows", lambda: split(couples().iloc[:0]), Returns(lambda out: len(out) == 0))
case("split-none-unit", lambda: split(couples().assign(unit=["u1", None, "u2", "u2"])),
     Returns(lambda out: (out["status"] == "error").any()))

# -- track ------------------------------------------------------------------------------------------
track = lambda data, **kw: alliance.track(data, "srs", **{**TRACK, **kw})
case("track-data-list", lambda: track([1, 2]), type_error("data", "a pandas DataFrame"))
case("track-direction-none", lambda: track(visits(), direction=None), type_error("direction", "text, not None"))
case("track-rule-number", lambda: track(visits(), rule=5), type_error("rule", "a rule name or a list of them, not 5"))
case("track-rule-list-with-number", lambda: track(visits(), rule=["drop", 5]), type_error("rule", "text, not 5"))
case("track-rule-unknown", lambda: track(visits(), rule="xx"), value_error("xx"))
case("track-scale-number", lambda: track(visits(), scale=5), type_error("scale", "text, not 5"))
case("track-metric-number", lambda: track(visits(), metric=5), type_error("metric", "text, not 5"))
case("track-metric-unknown", lambda: track(visits(), metric="median"), value_error("^metric expects"))
case("track-summary-text", lambda: track(visits(), summary="no"), type_error("summary", "True or False"))
case("track-session-dates-text", lambda: track(visits(), session_dates="no"), type_error("session_dates"))
case("track-drop-points-nan", lambda: track(visits(), rule="drop", drop_points=float("nan"), previous="last-scored"),
     value_error("^drop_points expects a number, not nan$"))
case("track-drop-points-bool", lambda: track(visits(), rule="drop", drop_points=True, previous="last-scored"),
     type_error("drop_points", "a number, not True"))
case("track-cutoff-value-nan", lambda: track(visits(), rule="below-cutoff", cutoff_value=float("nan"),
                                             cutoff_when="below"),
     value_error("^cutoff_value expects a number, not nan$"))
EPISODES = dict(rule="v-episode", sd_basis="within-client", reference="running-mean", repair_window=2,
                repair_target="reference", repair_margin=0, min_sessions=3)
case("track-k-text", lambda: track(visits(), k="x", **EPISODES),
     value_error("^k expects a number, 'stiles-2004' or 'strauss-2006', not 'x'$"))
case("track-k-bool", lambda: track(visits(), k=True, **EPISODES), type_error("k", "a number, not True"))
case("track-k-nan", lambda: track(visits(), k=float("nan"), **EPISODES), value_error("^k expects a number, not nan$"))
case("track-absent-client", lambda: track(visits(), client="patient"), Raises(alliance.ColumnError, "lacks column patient"))
case("track-zero-rows", lambda: track(visits().iloc[:0]), Returns(lambda out: len(out) == 0))
case("track-index-levels", lambda: track(visits().set_index(["client", "session"])),
     Returns(lambda out: list(out.index.names) == ["client", "session"] and len(out) == 5))
case("track-complex-session", lambda: track(visits(session=pd.Series([1, 2, 3, 1, 2j], dtype=object))),
     RowError(4, r"^row 4, column 'session': value '2j' is not a session number"))
case("track-huge-int-session", lambda: track(visits(session=pd.Series([1, 2, 3, 1, 10**400], dtype=object))),
     RowError(4, "^row 4, column 'session': value '1000+"))
case("track-true-answer", lambda: track(visits(srs_1=pd.Series([9.0, 5.0, 9.5, 8.0, True], dtype=object))),
     RowError(4, "^row '4', column 'srs_1': value 'True' is not a number"))

# -- pictures: plot_trajectory, plot_change, plot_split_alliance ------------------------------------
picture = lambda out: isinstance(out, alliance.Picture) and out.svg.startswith("<svg")
pictures = lambda names: Returns(lambda out: list(out) == names and all(picture(p) for p in out.values()))
plot_track = lambda data, **kw: alliance.plot_trajectory(data, "srs", **{**TRACK, **kw})
plot_split = lambda data, **kw: alliance.plot_split_alliance(
    data, **{"score": "score", "unit": "unit", "member": "member", "session": "session", **kw})
case("plot-trajectory-every-client", lambda: plot_track(visits()), pictures(["a", "b"]))
case("plot-trajectory-clients-text", lambda: plot_track(visits(), clients="b"), pictures(["b"]))
case("plot-trajectory-clients-absent", lambda: plot_track(visits(), clients=["zz"]), pictures([]))
case("plot-trajectory-zero-rows", lambda: plot_track(visits().iloc[:0]), pictures([]))
case("plot-trajectory-range-reversed", lambda: plot_track(visits(), range=(40, 0)),
     value_error(r"^range expects LO,HI with LO below HI, not \(40, 0\)$"))
case("plot-trajectory-range-equal", lambda: plot_track(visits(), range=[5, 5]), value_error("^range expects LO,HI"))
case("plot-trajectory-range-one", lambda: plot_track(visits(), range=[5]), type_error("range", "two numbers"))
case("plot-trajectory-range-text", lambda: plot_track(visits(), range="0,40"), type_error("range", "two numbers"))
case("plot-trajectory-range-bool", lambda: plot_track(visits(), range=(False, True)), type_error("range", "a number"))
case("plot-trajectory-range-inf", lambda: plot_track(visits(), range=(0, float("inf"))),
     value_error("^range expects a number, not inf$"))
case("plot-trajectory-title-number", lambda: plot_track(visits(), title=1), type_error("title", "text, not 1"))
case("plot-trajectory-summary", lambda: plot_track(visits(), summary=True), Raises(TypeError, "'summary'"))
case("plot-trajectory-unknown-argument", lambda: plot_track(visits(), colour="red"), Raises(TypeError, "'colour'"))
case("plot-trajectory-rule-unknown", lambda: plot_track(visits(), rule="xx"), value_error("xx"))
case("plot-trajectory-data-list", lambda: plot_track([1, 2]), type_error("data", "a pandas DataFrame"))
case("plot-change-ok", lambda: alliance.plot_change([10.0, 12.0], [15.0, 11.0], sd=5.0, reliability=0.8,
                                                    direction="higher", cutoff=13),
     Returns(picture))
case("plot-change-text-score", lambda: alliance.plot_change(["x", 12.0], [15.0, 11.0], sd=5.0, reliability=0.8,
                                                            direction="higher"), Returns(picture))
case("plot-change-no-pairs", lambda: alliance.plot_change([], [], sd=5.0, reliability=0.8, direction="higher"),
     Returns(picture))
case("plot-change-lengths-differ", lambda: alliance.plot_change([1.0], [1.0, 2.0], sd=5.0, reliability=0.8,
                                                                direction="higher"), value_error("pre has 1 values and post 2"))
case("plot-change-range-overflow", lambda: alliance.plot_change([1.0], [2.0], sd=5.0, reliability=0.8,
                                                                direction="higher", range=(-1e308, 1e308)),
     value_error("too far apart to draw"))
case("plot-change-label-number", lambda: alliance.plot_change([1.0], [2.0], sd=5.0, reliability=0.8,
                                                              direction="higher", label=2), type_error("label", "text"))
case("plot-change-unknown-argument", lambda: alliance.plot_change([1.0], [2.0], sd=5.0, reliability=0.8,
                                                                  direction="higher", colour="red"),
     Raises(TypeError, "'colour'"))
case("plot-change-sd-nan", lambda: alliance.plot_change([1.0], [2.0], sd=float("nan"), reliability=0.8,
                                                        direction="higher"), value_error("^sd expects a number, not nan$"))
case("plot-split-every-unit", lambda: plot_split(couples().assign(session=[1, 1, 1, 1])), pictures(["u1", "u2"]))
case("plot-split-units", lambda: plot_split(couples().assign(session=[1, 1, 1, 1]), units=["u2"]), pictures(["u2"]))
case("plot-split-text-sessions", lambda: plot_split(couples().assign(session=["x", "y", "1", "1"])),
     pictures(["u1", "u2"]))
case("plot-split-text-score", lambda: plot_split(couples(score=("x", 55.0, 40.0, 44.0)).assign(session=[1, 1, 1, 1])),
     pictures(["u1", "u2"]))
case("plot-split-zero-rows", lambda: plot_split(couples().assign(session=[1, 1, 1, 1]).iloc[:0]), pictures([]))
case("plot-split-no-session", lambda: alliance.plot_split_alliance(couples(), score="score", unit="unit",
                                                                   member="member", session="session"),
     Raises(alliance.ColumnError, "lacks column session"))
case("plot-split-units-number", lambda: plot_split(couples().assign(session=[1, 1, 1, 1]), units=[2]),
     pictures([]))


@pytest.mark.parametrize("call, expect", CASES)
def test_hostile_input(call, expect):
    expect.check(call)


# -- FIFOs: in a child process, killed if a call blocks ----------------------------------------------

FIFO_CALLS = {
    "load_key": "alliance.load_key(path)",
    "load_key-pathlike": "alliance.load_key(pathlib.Path(path))",
    "score": "alliance.score(pd.DataFrame({'item1': [1]}), path)",
    "explain_score": "alliance.explain_score([1], path)",
    "scale_reliability": "alliance.scale_reliability(pd.DataFrame({'item1': [1]}), path)",
    "track": "alliance.track(pd.DataFrame({'c': ['a'], 's': [1]}), path, client='c', session='s', direction='higher')",
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
@pytest.mark.parametrize("call", sorted(FIFO_CALLS))
def test_a_fifo_path_is_refused_at_once(call, tmp_path):
    fifo = tmp_path / "key.json"
    os.mkfifo(fifo)
    program = textwrap.dedent(f"""
        import pathlib, alliance, pandas as pd
        path = {str(fifo)!r}
        try:
            {FIFO_CALLS[call]}
        except alliance.DefinitionError as problem:
            print(problem)
        """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == (f"[alliance.key_file.unreadable] key file '{fifo}': cannot read the file: "
                                   "it is a FIFO (named pipe), not a regular file"), done.stderr


# -- Python threads: several calls at once give what one at a time gives ----------------------------------

def _frame_rows(seed, n=400):
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.integers(1, 6, (n, 12)).astype(object), columns=ITEMS12)
    data.iloc[::17, 3] = "x"
    data.iloc[::23, 5] = 6
    data.iloc[::29, 7] = None
    return data


CONCURRENT = {
    "score": lambda seed: alliance.score(_frame_rows(seed), "wai-sr", min_answered=0.75),
    "scale_reliability": lambda seed: alliance.scale_reliability(_frame_rows(seed), "wai-sr"),
    "icc": lambda seed: alliance.icc(np.random.default_rng(seed).normal(size=(200, 4))),
    "reliable_change": lambda seed: rc(list(np.random.default_rng(seed).normal(20, 5, 300)),
                                       list(np.random.default_rng(seed + 1).normal(25, 5, 300))),
    "track": lambda seed: track(visits().sample(frac=1, random_state=seed), rule="drop", drop_points=1,
                                previous="last-scored"),
    "explain_score": lambda seed: alliance.explain_score([seed % 5 + 1] * 12, "wai-sr"),
    "load_key": lambda seed: alliance.load_key(LAB_KEY).scales,
    "score_long": lambda seed: alliance.score_long(
        _frame_rows(seed, 60).reset_index().melt(id_vars="index", var_name="item").assign(
            item=lambda d: d["item"].str.slice(4)).sample(frac=1, random_state=seed),
        "wai-sr", record="index"),
}


@pytest.mark.parametrize("name", sorted(CONCURRENT))
def test_threads_calling_at_once_give_the_serial_results(name):
    call = CONCURRENT[name]
    seeds = list(range(8))
    serial = [call(seed) for seed in seeds]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(call, seeds + seeds))
    for got, expected in zip(parallel, serial + serial):
        if isinstance(expected, pd.DataFrame):
            pd.testing.assert_frame_equal(got, expected)
        else:
            assert got == expected


def test_the_suite_covers_every_public_function_with_enough_cases():
    ids = [param.id for param in CASES]
    assert len(ids) + len(FIFO_CALLS) + len(CONCURRENT) >= 150
    prefixes = {"score": "score", "explain_score": "explain", "reliable_change": "change",
                "normative_compare": "compare", "normative_equivalence": "equivalence", "icc": "icc",
                "scale_reliability": "reliability", "split_alliance": "split", "track": "track",
                "instrument": "instrument", "instruments": "instruments", "load_key": "load-key",
                "plot_trajectory": "plot-trajectory", "plot_change": "plot-change", "plot_split_alliance": "plot-split",
                "define_instrument": "define", "save_key": "save-key", "score_long": "score-long",
                "read_spss": "read-spss"}
    functions = {name for name in alliance.__all__ if callable(getattr(alliance, name)) and
                 not isinstance(getattr(alliance, name), type)}
    assert functions <= set(prefixes)
    for function, prefix in prefixes.items():
        assert any(i.startswith(prefix + "-") for i in ids), function
