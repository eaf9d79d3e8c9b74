"""One test per point of the hostile-input review (points 2, 5, 6, 7-paths and 9 of the issue):
stale builds, values read wrongly or coerced, unclear errors, paths that block, pandas
ergonomics. Each is named after what it checks; the rules and messages are the C++ table
layer's (include/alliance/table/), the package only converts."""
import importlib.metadata
import os
import pathlib
import re
import runpy
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import alliance

ROOT = pathlib.Path(__file__).resolve().parents[3]
ITEMS12 = [f"item{i}" for i in range(1, 13)]


def wai(rows):
    return pd.DataFrame(rows, columns=ITEMS12)


def srs_visits(**extra):
    return pd.DataFrame({"client": ["a", "a", "b", "b"], "session": [1, 2, 1, 2],
                         **{f"srs_{i}": [9.0, 5.0, 8.0, 8.5] for i in range(1, 5)}, **extra})


TRACK = dict(items="srs_{}", client="client", session="session", direction="higher")


# -- 2. stale keys after git pull: rebuilds and the version the package holds -----------------------

def test_setup_declares_every_library_header_a_dependency_of_the_module(monkeypatch):
    import setuptools
    captured = {}
    monkeypatch.setattr(setuptools, "setup", lambda **kwargs: captured.update(kwargs))
    monkeypatch.chdir(ROOT / "bindings" / "python")
    runpy.run_path(str(ROOT / "bindings" / "python" / "setup.py"), run_name="__main__")
    (extension,) = captured["ext_modules"]
    headers = {str(p.resolve()) for p in (ROOT / "include" / "alliance").rglob("*.hpp")}
    assert headers and headers <= {str(pathlib.Path(d).resolve()) for d in extension.depends}


def test_version_is_the_librarys_version_hpp_in_the_module_and_the_metadata():
    text = (ROOT / "include" / "alliance" / "version.hpp").read_text()
    parts = [re.search(rf"^#define ALLIANCE_VERSION_{p} (\d+)$", text, re.M).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    assert alliance.__version__ == ".".join(parts)
    assert importlib.metadata.version("alliance") == alliance.__version__
    assert alliance.instrument("wai-sr").verification  # which key: how it was checked, reachable


# -- 5. values read wrongly or silently coerced --------------------------------------------------

def test_masked_entries_of_a_numpy_masked_array_are_missing_answers():
    values = np.full((1, 12), 4.0)
    masked = np.ma.masked_array(values, mask=[[True] + [False] * 11])
    out = alliance.score(masked, "wai-sr", min_answered=0.5)
    assert out.loc[0, "total_answered"] == 11 and out.loc[0, "total_sum"] == 48.0  # prorated 44 * 12 / 11
    ints = np.ma.masked_array(np.full((1, 12), 9), mask=[[True] * 12])  # 9 is out of range, but masked
    assert alliance.score(ints, "wai-sr").loc[0, "status"] == "partial"
    pre = np.ma.masked_array([10.0, 99.0], mask=[False, True])
    rc = alliance.reliable_change(pre, [20.0, 30.0], sd=5, reliability=0.8, direction="higher")
    assert rc["status"].tolist() == ["ok", "partial"] and rc.loc[1, "message"] == "missing pre; nothing computed"
    trace = alliance.explain_score(np.ma.masked_array([9] + [4] * 11, mask=[True] + [False] * 11), "wai-sr")
    assert trace == alliance.explain_score([None] + [4] * 11, "wai-sr")
    ratings = np.ma.masked_array([[1.0, 2], [2, 3], [3, 5], [4, 4]], mask=[[0, 0], [0, 0], [0, 0], [1, 0]])
    assert (alliance.icc(ratings)["message"] == "1 row with a missing rating left out (listwise)").all()


def test_a_sample_size_that_is_not_a_whole_number_is_refused_naming_n():
    with pytest.raises(ValueError, match="^n expects a whole number of at least 2, not 2.5$"):
        alliance.normative_compare([10.0], mean=0, sd=1, n=2.5)
    with pytest.raises(ValueError, match=r"n is 2.5; it must be a whole number"):
        alliance.normative_equivalence([12.0], [4.0], [10], mean=10, sd=4, n=2.5, delta=4)


def test_missing_true_is_no_code_but_a_type_error_naming_missing():
    data = wai([[1] + [4] * 11])
    with pytest.raises(TypeError, match=r"^missing expects a code \(a text or a number\) or a list of codes, not True$"):
        alliance.score(data, "wai-sr", missing=True)
    with pytest.raises(TypeError, match="^not_applicable expects a code"):
        alliance.score(data, "care", not_applicable=[np.True_])
    # a number code means that number, also given as its text (table/cells.hpp, number_codes)
    coded = wai([[-9] + [4] * 11])
    assert alliance.score(coded, "wai-sr", missing="-9").loc[0, "total_answered"] == 11


def test_classify_no_is_a_type_error_naming_classify():
    for flag, name, call in (("no", "classify", lambda v: alliance.score(wai([[4] * 12]), "wai-sr", classify=v)),
                             (1, "item_detail", lambda v: alliance.scale_reliability(wai([[4] * 12]), "wai-sr",
                                                                                     item_detail=v)),
                             ("yes", "welch", lambda v: alliance.normative_equivalence(
                                 [12.0], [4.0], [10], mean=10, sd=4, n=10, delta=4, welch=v)),
                             ("no", "summary", lambda v: alliance.split_alliance(
                                 pd.DataFrame({"u": ["a"], "m": ["x"], "s": [1.0]}), score="s", unit="u", member="m",
                                 summary=v))):
        with pytest.raises(TypeError, match=f"^{name} expects True or False, not {flag!r}$"):
            call(flag)


def test_a_nan_cutoff_is_refused_naming_cutoff():
    with pytest.raises(ValueError, match="^cutoff expects a number, not nan$"):
        alliance.reliable_change([10.0, 12, 14], [25.0, 30, 8], sd=7.7, reliability=0.8, direction="higher",
                                 cutoff=np.nan)
    with pytest.raises(ValueError, match="^cutoff_value expects a number, not nan$"):
        alliance.track(srs_visits(), "srs", rule="below-cutoff", cutoff_value=float("nan"), cutoff_when="below",
                       **TRACK)
    with pytest.raises(ValueError, match="^sd expects a number, not inf$"):
        alliance.normative_compare([1.0], mean=0, sd=np.inf)


def test_booleans_are_no_answers_ratings_or_scores():
    with pytest.raises(TypeError, match=r"^column '0' is of type bool; ratings must be numbers"):
        alliance.icc(np.array([[True, False], [True, True], [False, False]]))
    with pytest.raises(TypeError, match=r"^column 'pre' is of type bool; scores must be numbers"):
        alliance.reliable_change([True, False], [1.0, 2.0], sd=1, reliability=0.8, direction="higher")
    out = alliance.score(wai([[True] + [4] * 11]).astype(object), "wai-sr")
    assert out.loc[0, "status"] == "error" and "column 'item1': value 'True' is not a number" in out.loc[0, "message"]
    with pytest.raises(TypeError, match=r"^column 'item1' is of type bool; answers must be numbers"):
        alliance.score(pd.DataFrame({**{c: [4] for c in ITEMS12}, "item1": [True]}), "wai-sr")
    with pytest.raises(ValueError, match=r"^responses: response 1 'True' is not a number"):
        alliance.explain_score([True] + [4] * 11, "wai-sr")


# -- 6. unclear or wrong errors ------------------------------------------------------------------

def test_duplicated_and_non_text_column_names_are_found_or_named():
    with pytest.raises(alliance.ColumnError, match="more than one column named item1"):
        alliance.score(pd.DataFrame([[4] * 13], columns=ITEMS12 + ["item1"]), "wai-sr")
    visits = srs_visits()
    with pytest.raises(alliance.ColumnError, match="more than one column named client"):
        alliance.track(pd.concat([visits, visits[["client"]]], axis=1), "srs", **TRACK)
    # integer column labels (pd.read_csv(header=None)) are found by their text
    numbered = pd.DataFrame([[4] * 12], columns=range(1, 13))
    assert alliance.score(numbered, "wai-sr", items="{}").loc[0, "total_sum"] == 48


def test_a_complex_or_huge_integer_cell_is_that_rows_error():
    pre = pd.Series([10.0, 10**400, 1 + 2j, "x"], dtype=object)
    out = alliance.reliable_change(pre, [20.0] * 4, sd=5, reliability=0.8, direction="higher")
    assert out["status"].tolist() == ["ok", "error", "error", "error"]
    assert out.loc[2, "message"] == "row '2', column 'pre': value '(1+2j)' is not a finite number or a missing code ('', 'NA')"
    assert out.loc[1, "message"].startswith("row '1', column 'pre': value '1000000")
    split = alliance.split_alliance(pd.DataFrame({"u": ["a", "a"], "m": ["x", "y"],
                                                  "s": pd.Series([1.0, 10**400], dtype=object)}),
                                    score="s", unit="u", member="m")
    assert split.loc[0, "status"] == "error" and "is not a finite number" in split.loc[0, "message"]
    cells = pd.DataFrame([[1 + 2j] + [4] * 11, [10**400] + [4] * 11, [4] * 12], columns=ITEMS12, dtype=object)
    scored = alliance.score(cells, "wai-sr")
    assert scored["status"].tolist() == ["error", "error", "ok"]


def test_explain_score_lists_every_number_it_cannot_score():
    for given, listed in ((6, "response 6 is outside the response scale 1..5"),
                          (4.5, "response 4.5 is not one of the integer anchors"),
                          (float("inf"), "response inf is not a finite number")):
        trace = alliance.explain_score([given] + [4] * 11, "wai-sr")
        assert "item  1:" in trace and listed in trace
    assert "13 responses given" in alliance.explain_score([4] * 13, "wai-sr")


def test_split_and_track_on_zero_row_frames_give_zero_rows():
    couples = pd.DataFrame({"u": ["a"], "m": ["x"], "s": [1.0]}).iloc[:0]
    assert len(alliance.split_alliance(couples, score="s", unit="u", member="m")) == 0
    visits = srs_visits().iloc[:0]
    assert len(alliance.track(visits, "srs", **TRACK)) == 0
    assert len(alliance.track(visits, "srs", summary=True, **TRACK)) == 0
    assert len(alliance.split_alliance(couples.assign(t=1), score="s", unit="u", member="m", session="t")) == 0


@pytest.mark.parametrize("call, message", [
    (lambda: alliance.score(wai([[4] * 12]), "wai-sr", items=3.5),
     "^items expects a pattern, a list of column names or a dict of item number to column, not 3.5$"),
    (lambda: alliance.normative_equivalence([12.0], [4.0], [10], mean=10, sd="x", n=10, delta=4),
     "^sd expects a number, not 'x'$"),
    (lambda: alliance.normative_equivalence([12.0], [4.0], [10], mean=None, sd=4, n=10, delta=4),
     "^mean expects a number, not None$"),
    (lambda: alliance.instrument(5), "^id expects text, not 5$"),
    (lambda: alliance.load_key(5), r"^path expects a file path \(a text or an os.PathLike\), not 5$"),
    (lambda: alliance.track(srs_visits(), "srs", rule=5, **TRACK), "^rule expects a rule name or a list of them, not 5$"),
    (lambda: alliance.track(srs_visits(), "srs", metric=5, **TRACK), "^metric expects text, not 5$"),
    (lambda: alliance.track(srs_visits(), "srs", scale=5, **TRACK), "^scale expects text, not 5$"),
    (lambda: alliance.explain_score(4, "wai-sr"), "^responses expects a sequence of numbers, not 4$"),
    (lambda: alliance.score(wai([[4] * 12]), "wai-sr", errors=5), "^errors expects 'row' or 'raise', not 5$"),
    (lambda: alliance.split_alliance([1, 2], score="s", unit="u", member="m"),
     r"^data expects a pandas DataFrame, not \[1, 2\]$"),
    (lambda: alliance.reliable_change([1.0], [2.0], sd=1, reliability=0.8, direction="higher", cutoff=True),
     "^cutoff expects a number, not True$"),
])
def test_argument_errors_name_the_argument(call, message):
    with pytest.raises(TypeError, match=message):
        call()


# -- 7. a path that is not a regular file is refused at once ----------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_device_or_directory_as_instrument_or_key_path_is_refused_at_once(tmp_path):
    fifo = tmp_path / "key.fifo"
    os.mkfifo(fifo)
    program = textwrap.dedent(f"""
        import alliance, pandas as pd, pathlib
        for path in [{str(fifo)!r}, pathlib.Path({str(fifo)!r}), "/dev/null", {str(tmp_path)!r}]:
            for call in (alliance.load_key, lambda p: alliance.score(pd.DataFrame({{"item1": [1]}}), p)):
                try:
                    call(path)
                except alliance.DefinitionError as problem:
                    print(problem)
        """)
    # No writer ever opens the FIFO: a call that opened it would block; the child is killed then.
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert len(lines) == 8, done.stderr
    assert lines[0] == (f"[alliance.key_file.unreadable] key file '{fifo}': cannot read the file: "
                        "it is a FIFO (named pipe), not a regular file")
    assert "key file '/dev/null'" in lines[4] and "character device" in lines[4]
    assert f"key file '{tmp_path}'" in lines[6] and "it is a directory" in lines[6]


# -- 9. pandas ergonomics --------------------------------------------------------------------------

def test_track_takes_client_and_session_as_index_levels():
    visits = srs_visits()
    by_columns = alliance.track(visits, "srs", **TRACK)
    indexed = visits.set_index(["client", "session"])
    by_levels = alliance.track(indexed, "srs", **TRACK)
    assert by_levels.index.equals(indexed.index) and "client" not in by_levels.columns
    pd.testing.assert_frame_equal(by_levels.reset_index(drop=True),
                                  by_columns.drop(columns=["client", "session"]).reset_index(drop=True))
    summary = alliance.track(indexed, "srs", summary=True, **TRACK)
    assert list(summary.index) == ["a", "b"] and summary.index.name == "client"
    assert len(alliance.track(indexed.iloc[:0], "srs", summary=True, **TRACK)) == 0


def test_summary_reliability_and_icc_are_indexed_by_client_scale_and_form():
    summary = alliance.track(srs_visits(), "srs", summary=True, **TRACK)
    assert summary.index.name == "client" and list(summary.index) == ["a", "b"] and "client" not in summary
    rng = np.random.default_rng(7)
    data = wai(rng.integers(1, 6, (30, 12)))
    alpha = alliance.scale_reliability(data, "wai-sr")
    assert alpha.index.name == "scale" and list(alpha.index) == ["task", "goal", "bond", "total"]
    items = alliance.scale_reliability(data, "wai-sr", item_detail=True)
    assert list(items.index.names) == ["scale", "item"]
    iccs = alliance.icc(rng.normal(size=(10, 3)))
    assert iccs.index.name == "form" and list(iccs.index) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]


def test_every_count_is_a_nullable_Int64_column():
    rng = np.random.default_rng(3)
    data = wai(rng.integers(1, 6, (20, 12)))
    results = [alliance.score(data, "wai-sr"), alliance.scale_reliability(data, "wai-sr"),
               alliance.icc(rng.normal(size=(10, 3))), alliance.track(srs_visits(), "srs", summary=True, **TRACK),
               alliance.split_alliance(pd.DataFrame({"u": list("aabb"), "m": list("xyxy"), "s": [1.0, 2, 3, 5]}),
                                       score="s", unit="u", member="m", summary=True)]
    for out in results:
        for name, dtype in out.dtypes.items():
            assert not (isinstance(dtype, np.dtype) and dtype.kind in "iu"), (name, dtype)
    assert str(results[0]["total_answered"].dtype) == "Int64" and str(results[1]["n"].dtype) == "Int64"


def test_dir_shows_only_the_public_names():
    shown = [name for name in dir(alliance) if not (name.startswith("__") and name.endswith("__"))]
    assert sorted(shown) == sorted(alliance.__all__)
    assert "__version__" in dir(alliance)
