"""Data as labs export it: one data set scored from each shape gives exactly the scores of the
plain wide numeric file. Item columns named by a padded pattern, a list or a dict; answers given
as labels (text and categorical columns); an instrument defined in a call, by item numbers and by
column names, and saved as a key file that the command line reads back; long data; SPSS and
Stata files read by ReadStat. The rules and messages are the library's
(alliance/table/item_spec.hpp, alliance/response_labels.hpp, alliance/define_instrument.hpp,
alliance/table/long_format.hpp, alliance/table/stat_file.hpp); the expected scores come from the
plain file, from R's psych (tests/data/bfi_scores_psych.csv) and from `alliance score`."""
from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import alliance

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "examples" / "data" / "wai_sr_sample.csv"
STAT_FILES = ROOT / "tests" / "data" / "stat_files"
BFI_KEY = ROOT / "tests" / "data" / "keys" / "bfi.json"
ITEMS = [f"item{i}" for i in range(1, 13)]
ANCHORS = {1: "Seldom", 2: "Sometimes", 3: "Fairly often", 4: "Very often", 5: "Always"}
LABELS = {label: code for code, label in ANCHORS.items()}
# psych::bfi.keys (psych 2.2.9), as tests/data/keys/bfi.json holds them by number.
BFI_KEYS = {"agree": ["-A1", "A2", "A3", "A4", "A5"], "conscientious": ["C1", "C2", "C3", "-C4", "-C5"],
            "extraversion": ["-E1", "-E2", "E3", "E4", "E5"], "neuroticism": ["N1", "N2", "N3", "N4", "N5"],
            "openness": ["O1", "-O2", "O3", "O4", "-O5"]}


def _sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE).set_index("client")


def _scores(out: pd.DataFrame) -> pd.DataFrame:
    """Every column but the message, whose text names the columns read (wai05 where item5)."""
    return out.drop(columns="message")


@pytest.fixture(scope="module")
def plain() -> pd.DataFrame:
    return alliance.score(_sample(), "wai-sr")


def _command_line():
    for preset in ("dev", "release", "clang"):
        program = ROOT / "build" / preset / "tools" / "alliance" / "alliance"
        if program.exists():
            return program
    pytest.skip("the command line is not built (cmake --preset dev; cmake --build build/dev --target alliance)")


def _cli_scores(*args) -> pd.DataFrame:
    done = subprocess.run([str(_command_line()), "score", "-q", *map(str, args)], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    # round_trip: pandas' default parser may read 28.33333333333333 as the next double
    return pd.read_csv(io.StringIO(done.stdout), keep_default_na=False, na_values=[""], float_precision="round_trip")


def _same_as_command_line(ours: pd.DataFrame, cli: pd.DataFrame):
    """Every score column of the package's table equals the command line's."""
    assert list(ours.columns) == list(cli.columns)
    for column in ours.columns:
        if column.endswith(("_sum", "_mean")):
            np.testing.assert_array_equal(ours[column].to_numpy(dtype=float), cli[column].to_numpy(dtype=float))
        elif column.endswith(("_answered", "_status")) or column == "status":
            assert ours[column].astype(object).where(ours[column].notna(), "").astype(str).tolist() == \
                cli[column].fillna("").astype(str).tolist(), column


# -- items= ------------------------------------------------------------------------------------------

def _padded() -> pd.DataFrame:
    return _sample().rename(columns={f"item{i}": f"wai{i:02}" for i in range(1, 13)})


@pytest.mark.parametrize("items", [
    "wai{:02}",
    [f"wai{i:02}" for i in range(1, 13)],
    tuple(f"wai{i:02}" for i in range(1, 13)),
    pd.Index([f"wai{i:02}" for i in range(1, 13)]),
    {i: f"wai{i:02}" for i in range(12, 0, -1)},
    ",".join(f"wai{i:02}" for i in range(1, 13)),
], ids=["padded-pattern", "list", "tuple", "index", "dict", "comma-text"])
def test_item_columns_in_any_form_give_the_plain_scores(plain, items):
    out = alliance.score(_padded(), "wai-sr", items=items)
    pd.testing.assert_frame_equal(_scores(out), _scores(plain))
    # the messages name the columns read
    assert out["message"].str.contains("column 'wai05', value '6'", regex=False).any()


def test_a_dict_maps_items_to_columns_in_any_order(plain):
    shuffled = _sample()[list(reversed(ITEMS))].set_axis([f"q{i}" for i in range(1, 13)], axis=1)
    mapping = {13 - i: f"q{i}" for i in range(1, 13)}
    pd.testing.assert_frame_equal(_scores(alliance.score(shuffled, "wai-sr", items=mapping)), _scores(plain))


def test_scale_reliability_and_track_take_every_form():
    expected = alliance.scale_reliability(_sample(), "wai-sr")
    for items in ("wai{:02}", [f"wai{i:02}" for i in range(1, 13)], {i: f"wai{i:02}" for i in range(1, 13)}):
        pd.testing.assert_frame_equal(alliance.scale_reliability(_padded(), "wai-sr", items=items)
                                      .drop(columns="message"), expected.drop(columns="message"))
    visits = pd.DataFrame({"client": ["a"] * 3, "session": [1, 2, 3], **{f"s{i}": [9.0, 5.0, 9.5] for i in range(1, 5)}})
    arguments = dict(client="client", session="session", direction="higher")
    by_pattern = alliance.track(visits, "srs", items="s{}", **arguments)
    by_list = alliance.track(visits, "srs", items=["s1", "s2", "s3", "s4"], **arguments)
    pd.testing.assert_frame_equal(by_pattern, by_list)
    pictures = alliance.plot_trajectory(visits, "srs", items={1: "s1", 2: "s2", 3: "s3", 4: "s4"}, **arguments)
    assert pictures["a"].svg == alliance.plot_trajectory(visits, "srs", items="s{}", **arguments)["a"].svg


def test_absent_item_columns_name_the_columns_that_look_like_items():
    with pytest.raises(alliance.ColumnError, match=r"columns that look like items: wai01, wai02, .*\(12 in all\); "
                                                   r"try items 'wai\{:02\}'"):
        alliance.score(_padded(), "wai-sr")


def test_a_list_naming_a_column_twice_is_refused_in_the_librarys_words():
    items = ITEMS[:11] + ["item3"]
    with pytest.raises(ValueError, match=r"^items names column 'item3' for items 3 and 12; each item needs a column "
                                         r"of its own$"):
        alliance.score(_sample(), "wai-sr", items=items)
    with pytest.raises(ValueError, match=r"^items lists 11 columns \(item1,item2,item3,item4,item5,\.\.\.\) for 12 items$"):
        alliance.score(_sample(), "wai-sr", items=ITEMS[:11])
    with pytest.raises(ValueError, match=r"^items names no column for item 12 \(it must name items 1\.\.12\)$"):
        alliance.score(_sample(), "wai-sr", items={i: f"item{i}" for i in range(1, 12)})
    with pytest.raises(ValueError, match=r"^items maps item 13 \(to column 'x'\), but the items are numbered 1\.\.12$"):
        alliance.score(_sample(), "wai-sr", items={**{i: f"item{i}" for i in range(1, 13)}, 13: "x"})


# -- labels= -------------------------------------------------------------------------------------------

def _labelled(categorical: bool = False) -> pd.DataFrame:
    """The sample with every answer 1..5 written as its label (other cells as they were)."""
    data = _sample()
    for column in ITEMS:
        data[column] = data[column].map(lambda x: ANCHORS.get(x, x)).astype(object)
        if categorical:
            data[column] = data[column].astype(str).replace("nan", np.nan).astype("category")
    return data


def test_answers_given_as_labels_give_the_plain_scores(plain):
    out = alliance.score(_labelled(), "wai-sr", labels=LABELS)
    pd.testing.assert_frame_equal(_scores(out), _scores(plain))
    # the one cell that is neither a label nor a number is named with the item and the labels
    assert out["message"].iloc[np.flatnonzero(out["message"].str.contains("'x'", na=False))].tolist() == [(
        "row 'c009', item 8, column 'item8': label 'x' is not one of the labels ('Seldom', 'Sometimes', "
        "'Fairly often', 'Very often', 'Always'), a number, a missing code ('', 'NA') or a not-applicable code (none)")]


def test_a_categorical_is_read_by_its_category_texts(plain):
    data = _labelled(categorical=True)
    assert isinstance(data["item1"].dtype, pd.CategoricalDtype)
    out = alliance.score(data, "wai-sr", labels=LABELS)
    pd.testing.assert_frame_equal(_scores(out), _scores(plain))


def test_an_item_may_have_labels_of_its_own(plain):
    data = _labelled()
    data["item4"] = data["item4"].map(lambda x: {"Seldom": "No", "Always": "Yes"}.get(x, x))
    own = {"No": 1, "Sometimes": 2, "Fairly often": 3, "Very often": 4, "Yes": 5}
    out = alliance.score(data, "wai-sr", labels={**LABELS, 4: own})
    pd.testing.assert_frame_equal(_scores(out), _scores(plain))


def test_labels_reach_scale_reliability_and_track():
    expected = alliance.scale_reliability(_sample(), "wai-sr").drop(columns="message")
    got = alliance.scale_reliability(_labelled(), "wai-sr", labels=LABELS).drop(columns="message")
    pd.testing.assert_frame_equal(got, expected)
    visits = pd.DataFrame({"c": ["a", "a"], "s": [1, 2], **{f"item{i}": ["Always", "Seldom"] for i in range(1, 5)}})
    out = alliance.track(visits, alliance.define_instrument("four", response=(1, 5), scales={"total": [1, 2, 3, 4]}),
                         client="c", session="s", direction="higher", labels=LABELS)
    assert out["score"].tolist() == [20.0, 4.0]


def test_a_label_not_in_the_map_is_an_error_row_naming_row_item_column_and_label():
    data = _labelled().iloc[:3].copy()
    data.iloc[1, data.columns.get_loc("item2")] = "Sometimez"
    out = alliance.score(data, "wai-sr", labels=LABELS)
    assert out["status"].tolist() == ["ok", "error", "ok"]
    assert out["message"].iloc[1].startswith("row 'c001', item 2, column 'item2': label 'Sometimez' is not one of "
                                             "the labels ('Seldom', ")


@pytest.mark.parametrize("labels, kind, message", [
    ({"Seldom": "one"}, TypeError, r"^labels expects a number, not 'one'$"),
    ({"Seldom": float("nan")}, ValueError, r"^labels map label 'Seldom' to NaN, not to a number$"),
    ({"Seldom": float("inf")}, ValueError, r"^labels map label 'Seldom' to inf, not to a number$"),
    ({"Seldom": True}, TypeError, r"^labels expects a number, not True$"),
    ({"4": 4}, ValueError, r"^labels label '4' is a number, which is read as such before any label$"),
    ({"NA": 1}, ValueError, r"^labels label 'NA' is a missing code"),
    ({" ": 1}, ValueError, r"^labels hold an empty label$"),
    ({13: {"No": 1}}, ValueError, r"^labels give labels for item 13, but the items are 1\.\.12$"),
    ({1: 2}, TypeError, r"^labels expects a dict of label to code"),
    ([("Seldom", 1)], TypeError, r"^labels expects a dict of label to code"),
], ids=["text-code", "nan-code", "inf-code", "bool-code", "number-label", "missing-code-label", "empty-label",
        "item-out-of-range", "item-without-map", "list"])
def test_labels_that_cannot_read_answers_are_refused_naming_the_argument(labels, kind, message):
    with pytest.raises(kind, match=message):
        alliance.score(_labelled(), "wai-sr", labels=labels)


# -- define_instrument and save_key ----------------------------------------------------------------

def _wai_sr_defined(by_name: bool) -> alliance.Instrument:
    wai = alliance.instrument("wai-sr")
    scales = {name: [f"item{i}" if by_name else i for i in items] for name, items in zip(wai.scales, wai.scale_items)}
    return alliance.define_instrument("lab-wai-sr", response=(1, 5), scales=scales)


@pytest.mark.parametrize("by_name", [False, True], ids=["numbers", "names"])
def test_a_defined_instrument_scores_as_the_built_in_one(plain, by_name):
    lab = _wai_sr_defined(by_name)
    assert lab.items == 12 and lab.scales == ["task", "goal", "bond", "total"]
    out = alliance.score(_sample(), lab)
    pd.testing.assert_frame_equal(_scores(out), _scores(plain))
    if by_name:  # numbered in order of first appearance: task's items 1, 2, 10, 12 are items 1..4
        assert lab.item_columns == ["item1", "item2", "item10", "item12", "item4", "item6", "item8", "item11",
                                    "item3", "item5", "item7", "item9"]
        assert lab.scale_items[:3] == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
    else:
        assert lab.item_columns == [] and lab.scale_items == alliance.instrument("wai-sr").scale_items
        assert out["message"].str.replace("lab-wai-sr", "wai-sr").equals(plain["message"])


def _bfi() -> alliance.Instrument:
    return alliance.define_instrument("bfi", response=(1, 6), scales=BFI_KEYS, missing_rule="prorate_min_answered:1",
                                      metric="mean")


def test_psychs_bfi_keys_give_psychs_scale_means():
    data = pd.read_csv(ROOT / "tests" / "data" / "bfi.csv")
    expected = pd.read_csv(ROOT / "tests" / "data" / "bfi_scores_psych.csv", comment="#")
    bfi = _bfi()
    assert bfi.item_columns == [column for column in data.columns if column != "case"]
    assert bfi.reversed == [1, 9, 10, 11, 12, 22, 25]
    out = alliance.score(data, bfi)
    for scale in BFI_KEYS:
        np.testing.assert_allclose(out[f"{scale}_mean"], expected[scale], rtol=1e-12, atol=0)


def test_a_defined_instrument_scores_as_the_command_line_scores_the_committed_key():
    out = alliance.score(pd.read_csv(ROOT / "tests" / "data" / "bfi.csv"), _bfi())
    _same_as_command_line(out, _cli_scores("--key", BFI_KEY, ROOT / "tests" / "data" / "bfi.csv"))


def test_save_key_writes_a_key_that_reads_back_to_the_same_instrument(tmp_path):
    data = pd.read_csv(ROOT / "tests" / "data" / "bfi.csv")
    bfi = _bfi()
    path = tmp_path / "bfi.json"
    assert alliance.save_key(bfi, path) is None
    assert sorted(os.listdir(tmp_path)) == ["bfi.json"]  # no temporary left behind
    back = alliance.load_key(path)
    assert (back.id, back.items, back.scales, back.scale_items, back.reversed, back.item_columns) == \
        (bfi.id, bfi.items, bfi.scales, bfi.scale_items, bfi.reversed, bfi.item_columns)
    alliance.save_key(back, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text() == path.read_text()
    assert json.loads(path.read_text())["item_columns"] == bfi.item_columns
    pd.testing.assert_frame_equal(alliance.score(data, back), alliance.score(data, bfi))
    # the command line reads the saved key back, item columns included
    _same_as_command_line(alliance.score(data, bfi), _cli_scores("--key", path, ROOT / "tests" / "data" / "bfi.csv"))


def test_save_key_keeps_labels_and_takes_any_instrument(tmp_path):
    lab = alliance.define_instrument("lab", response=(1, 5), scales={"total": ["q1", "q2"]},
                                     labels={**LABELS, 2: {"No": 1, "Yes": 5}})
    alliance.save_key(lab, tmp_path / "lab.json")
    back = alliance.load_key(tmp_path / "lab.json")
    assert back.labels == lab.labels == {**LABELS, 2: {"No": 1.0, "Yes": 5.0}}
    out = alliance.score(pd.DataFrame({"q1": ["Always"], "q2": ["Yes"]}), back)  # the key's own labels
    assert out.loc[0, "total_sum"] == 10.0
    alliance.save_key("wai-sr", tmp_path / "wai.json")
    alliance.save_key(alliance.instrument("srs"), str(tmp_path / "srs.json"))
    assert alliance.load_key(tmp_path / "wai.json").scale_items == alliance.instrument("wai-sr").scale_items
    alliance.save_key("srs", tmp_path / "wai.json")  # replaces the file whole
    assert alliance.load_key(tmp_path / "wai.json").id == "srs"


def test_save_key_leaves_nothing_behind_when_it_cannot_write(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(OSError):
        alliance.save_key("srs", tmp_path / "folder")
    assert sorted(os.listdir(tmp_path)) == ["folder"] and not os.listdir(tmp_path / "folder")
    with pytest.raises(OSError):
        alliance.save_key("srs", tmp_path / "absent" / "srs.json")
    with pytest.raises(TypeError, match="^path expects a file path"):
        alliance.save_key("srs", 5)


@pytest.mark.parametrize("arguments, kind, message", [
    (dict(scales={"total": [1, "A2"]}), ValueError, r"^scales mix item numbers and column names"),
    (dict(scales={"total": [1, 2]}, missing_rule="prorate_some"), ValueError,
     r"^missing_rule 'prorate_some' is not a rule; the rules are all_required, "),
    (dict(scales={"total": [1, 2]}, missing_rule="prorate_min_answered"), ValueError,
     r"^missing_rule 'prorate_min_answered': rule prorate_min_answered takes a count of items"),
    (dict(scales={"total": [1, 2]}, response=(5, 1)), ValueError,
     r"^response needs its lowest answer below its highest, not 5 and 1$"),
    (dict(scales={"total": [1, 2]}, response=(3, 3)), ValueError, r"^response needs its lowest answer below"),
    (dict(scales={"total": [1, 1]}), ValueError, r"^scales 'total' holds item '1' twice$"),
    (dict(scales={"total": []}), ValueError, r"^scales 'total' has no items$"),
    (dict(scales={}), ValueError, r"^scales names no scale$"),
    (dict(scales={"a": [1, -2], "b": [2]}), ValueError, r"^item '2' is reversed in scale 'a' and not in scale 'b'"),
    (dict(scales={"total": ["A1"]}, reversed=["B1"]), ValueError, r"^reversed names column 'B1', which no scale holds$"),
    (dict(scales={"total": [1, 2]}, metric="median"), alliance.DefinitionError, r"metric"),
    (dict(scales={"total": [1.5]}), TypeError, r"^scales expects a dict of scale name to a list"),
    (dict(scales=[1, 2]), TypeError, r"^scales expects a dict of scale name to a list"),
    (dict(scales={"total": [1, 2]}, response=5), TypeError, r"^response expects two numbers"),
    (dict(scales={"total": [1, 2]}, response=("1", 5)), TypeError, r"^response expects a number, not '1'$"),
    (dict(scales={"total": [1, 2]}, response=(1, float("nan"))), ValueError, r"^response expects a number, not nan$"),
], ids=["mixed", "unknown-rule", "rule-without-count", "min-above-max", "min-equals-max", "item-twice", "empty-scale",
        "no-scales", "reversed-in-one-scale", "reversed-unknown-column", "unknown-metric", "fractional-item",
        "scales-list", "response-number", "response-text", "response-nan"])
def test_a_definition_that_breaks_a_rule_is_refused(arguments, kind, message):
    arguments = {"response": (1, 5), **arguments}
    with pytest.raises(kind, match=message):
        alliance.define_instrument("lab", **arguments)


# -- score_long -----------------------------------------------------------------------------------

def _long(data: pd.DataFrame, item=lambda column: int(column[4:])) -> pd.DataFrame:
    """One row per answer, the rows shuffled: the long form of a wide frame indexed by client."""
    wide = data.reset_index().assign(visit=range(len(data)))
    long = wide.melt(id_vars=["client", "session", "visit"], value_vars=ITEMS, var_name="item", value_name="value")
    long["item"] = long["item"].map(item)
    return long.sample(frac=1, random_state=7).reset_index(drop=True)


def test_long_data_give_the_plain_scores(plain):
    out = alliance.score_long(_long(_sample()), "wai-sr", record=["visit"]).sort_values("visit")
    assert list(out.columns[:1]) == ["visit"]
    pd.testing.assert_frame_equal(_scores(out).drop(columns="visit").set_index(plain.index), _scores(plain))


def test_long_data_name_items_by_the_item_columns_and_read_labels(plain):
    data = _labelled()
    out = alliance.score_long(_long(data, item=str), "wai-sr", record="visit", items="item{}", labels=LABELS)
    out = out.sort_values("visit")
    pd.testing.assert_frame_equal(_scores(out).drop(columns="visit").set_index(plain.index), _scores(plain))
    # a defined instrument's own columns name its items
    lab = _wai_sr_defined(by_name=True)
    by_name = alliance.score_long(_long(_sample(), item=str), lab, record=["client", "session"])
    assert list(by_name.columns[:2]) == ["client", "session"]
    expected = plain.assign(session=_sample()["session"]).reset_index().sort_values(["client", "session"])
    by_name = by_name.sort_values(["client", "session"])
    np.testing.assert_array_equal(by_name["total_sum"], expected["total_sum"])
    assert by_name["status"].tolist() == expected["status"].tolist()


def test_long_records_that_cannot_be_scored_name_every_problem():
    rows = pd.DataFrame({"client": ["a", "a", "a", "b", None], "item": [1, 1, 13, 2, 1], "value": [4, 5, 4, "x", 3]},
                        index=[f"r{i}" for i in range(5)])
    out = alliance.score_long(rows, "srs", record="client")
    assert out["client"].tolist() == ["a", "b", None]
    assert out["status"].tolist() == ["error"] * 3
    assert out["message"].tolist() == [
        "row r0 and row r1: item 1 given twice (column 'item'); row 'r2', column 'item': item '13' is not an item "
        "of srs (1..4)",
        "row 'r3', column 'value': value 'x' is not a number, a missing code ('', 'NA') or a not-applicable code (none)",
        "row 'r4', column 'client': empty, so the row belongs to no record"]
    with pytest.raises(alliance.ResponseError, match="given twice"):
        alliance.score_long(rows, "srs", record="client", errors="raise")


def test_long_layout_problems_are_refused():
    rows = pd.DataFrame({"client": ["a"], "item": [1], "value": [4]})
    with pytest.raises(ValueError, match="^item 'client' is also a record column$"):
        alliance.score_long(rows, "srs", record="client", item="client")
    with pytest.raises(ValueError, match="^record names no column"):
        alliance.score_long(rows, "srs", record=[])
    with pytest.raises(alliance.ColumnError, match="lacks column answer"):
        alliance.score_long(rows, "srs", record="client", value="answer")
    with pytest.raises(TypeError, match="^record expects a column name or a list of them, not 5$"):
        alliance.score_long(rows, "srs", record=5)


# -- read_spss -------------------------------------------------------------------------------------

needs_readstat = pytest.mark.skipif(not alliance._alliance.has_readstat, reason="built without ReadStat")


@needs_readstat
@pytest.mark.parametrize("name", ["wai_sr_wide.sav", "wai_sr_wide.zsav", "wai_sr_wide.dta"])
def test_an_spss_or_stata_file_gives_the_plain_files_scores(name):
    plain_file = alliance.score(pd.read_csv(STAT_FILES / "wai_sr_wide.csv"), "wai-sr")
    data = alliance.read_spss(STAT_FILES / name)
    assert list(data.columns[:3]) == ["client", "session", "therapist"] and data.columns[-1] == "first_seen"
    pd.testing.assert_frame_equal(alliance.score(data, "wai-sr"), plain_file)
    assert data.attrs["value_labels"]["item3"][5] == "Always"
    assert data.attrs["variable_labels"]["item3"] == "WAI-SR item 3"


@needs_readstat
def test_spss_user_missing_values_are_nan_and_labels_stay_in_attrs():
    data = alliance.read_spss(str(STAT_FILES / "wai_sr_wide.sav"))
    plain_file = pd.read_csv(STAT_FILES / "wai_sr_wide.csv")
    items = data[ITEMS].to_numpy()
    np.testing.assert_array_equal(np.isnan(items), plain_file[ITEMS].isna().to_numpy())
    assert data.attrs["value_labels"]["item1"][-99] == "No answer"
    assert data["therapist"].tolist() == plain_file["therapist"].tolist()


@needs_readstat
def test_a_file_that_cannot_be_read_is_refused_naming_it(tmp_path):
    with pytest.raises(OSError, match=r"cannot read '.*absent\.sav': No such file or directory"):
        alliance.read_spss(tmp_path / "absent.sav")
    (tmp_path / "fake.sav").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match=r"cannot read '.*fake\.sav' as an SPSS system file \(\.sav\)"):
        alliance.read_spss(tmp_path / "fake.sav")
    with pytest.raises(ValueError, match=r"^cannot tell the format of 'data\.csv'"):
        alliance.read_spss("data.csv")
    with pytest.raises(TypeError, match="^path expects a file path"):
        alliance.read_spss(None)
    if hasattr(os, "mkfifo"):  # refused at once, never opened (opening would wait for a writer)
        os.mkfifo(tmp_path / "pipe.sav")
        with pytest.raises(OSError, match=r"cannot read '.*pipe\.sav': it is not a regular file"):
            alliance.read_spss(tmp_path / "pipe.sav")
