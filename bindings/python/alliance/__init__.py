"""Score therapeutic-alliance questionnaires with the alliance C++ library, from pandas and numpy.

The numbers, checks and messages are the C++ library's (the same as the ``alliance`` command
line's); this package converts pandas and numpy data and calls it.

>>> import alliance, pandas as pd
>>> df = pd.DataFrame([[4, 5, 4, 3, 5, 4, 4, 3, 5, 4, 4, 5]],
...                   columns=[f"item{i}" for i in range(1, 13)])
>>> alliance.score(df, "wai-sr")[["task_sum", "bond_sum", "total_sum", "status"]]
   task_sum  bond_sum  total_sum status
0      18.0      18.0       50.0     ok
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _alliance
from ._pictures import Picture, Pictures
from ._alliance import Instrument

__all__ = [
    "Instrument",
    "ResponseError",
    "DefinitionError",
    "ColumnError",
    "instruments",
    "instrument",
    "load_key",
    "define_instrument",
    "save_key",
    "score",
    "score_long",
    "read_spss",
    "explain_score",
    "reliable_change",
    "track",
    "normative_equivalence",
    "scale_reliability",
    "icc",
    "normative_compare",
    "split_alliance",
    "plot_trajectory",
    "plot_change",
    "plot_split_alliance",
    "Picture",
    "Pictures",
]

#: The version of the C++ library this package was built from (include/alliance/version.hpp).
__version__ = _alliance.version

#: An invalid answer with ``errors="raise"`` (a ValueError); the message is the library's.
ResponseError = _alliance.ResponseError
#: A key file or definition that breaks a rule (a ValueError); names file, field and problem.
DefinitionError = _alliance.DefinitionError

_SCALE_STATUS = ["complete", "prorated", "insufficient"]
_ROW_STATUS = ["ok", "partial", "error"]
_DEFAULT_MISSING_CODES = ("", "NA")
_READ_IN_PLACE = {np.dtype(t) for t in (np.float64, np.int64, np.int32, np.int16, np.int8)}


class ColumnError(KeyError):
    """The data lack columns the instrument needs; the message names them."""

    def __str__(self) -> str:  # KeyError would print the message with quotes
        return str(self.args[0])


def __dir__() -> list[str]:
    """The public names (and the module's dunders), as numpy's ``dir(numpy)``: not the imports."""
    return sorted(__all__ + [name for name in globals() if name.startswith("__") and name.endswith("__")])


# ------------------------------------------------------------------------------------------------
# Instruments


def instruments() -> list[str]:
    """The ids of the built-in instruments, in catalogue order.

    >>> alliance.instruments()[:3]
    ['wai-sr', 'wai-36-c', 'wai-36-t']
    """
    return list(_alliance.builtin_ids())


def instrument(id: str) -> Instrument:
    """The built-in instrument with this id: ``id``, ``name``, ``items`` (the number of items),
    ``scales`` (names, total last), ``scale_items``, ``reversed``, ``citation``, ``licence``,
    ``verification``, ``response_scale``, ``item_columns`` and ``labels`` (a key file's or a
    defined instrument's; empty for a built-in).

    >>> wai = alliance.instrument("wai-sr")
    >>> wai.items, wai.scales
    (12, ['task', 'goal', 'bond', 'total'])
    """
    return _alliance.builtin(_alliance.text_argument(id, "id"))


def load_key(path: Union[str, os.PathLike]) -> Instrument:
    """An instrument from a JSON key file (docs/key-files.md), checked by the library's validator.

    Raises DefinitionError naming the file, the field and the problem; a path that is no regular
    file (a FIFO, a device, a directory) is refused at once, naming it, before it is opened.

    >>> lab = alliance.load_key("examples/keys/example-lab-alliance.json")
    >>> lab.id
    'example-lab-alliance'
    """
    return _alliance.load_key(path)


def define_instrument(id: str, *, response, scales, reversed=None, missing_rule: Optional[str] = None,
                      name: Optional[str] = None, metric: Optional[str] = None, labels=None) -> Instrument:
    """An instrument built in memory, through the same validator as key files (docs/key-files.md).

    ``response`` is the answer scale (lowest, highest), e.g. ``(1, 6)``. ``scales`` names every
    scale to report, a total too if wanted, each with its items: item numbers (``[1, 2, -3]``)
    or column names (``["A1", "-A2"]``), a leading ``-`` marking a reversed item, as psych's key
    lists do. Items named by column are numbered in order of first appearance, and the instrument
    keeps the names (``item_columns``), so ``score(data, instrument)`` reads those columns.
    Numbers and names are not mixed. ``reversed`` lists more reversed items. ``missing_rule``:
    ``"all_required"`` (the default), ``"prorate_min_answered:3"``, ``"prorate_max_missing:1"``,
    ``"prorate_min_fraction:0.8"`` or ``"replace_by_mean:1"``. ``name`` defaults to the id,
    ``metric`` (the value each scale reports: ``"sum"`` or ``"mean"``) to ``"sum"``; ``labels``
    are its answers' labels, as ``score`` takes them. An item in two scales with different
    signs, a scale with no items or an item twice, an unknown rule and ``response`` without its
    lowest below its highest raise ValueError; what a key file could hold wrong raises
    DefinitionError.

    >>> bfi = alliance.define_instrument("bfi-agree", response=(1, 6), scales={"agree": ["-A1", "A2", "A3"]},
    ...                                  metric="mean", missing_rule="prorate_min_answered:1")
    >>> bfi.items, bfi.item_columns, bfi.reversed
    (3, ['A1', 'A2', 'A3'], [1])
    >>> alliance.score(pd.DataFrame({"A1": [2], "A2": [4], "A3": [None]}), bfi)[["agree_mean", "agree_status"]]
       agree_mean agree_status
    0         4.5     prorated
    """
    return _alliance.define_instrument(id, response, scales, reversed, missing_rule, name, metric, labels)


def save_key(instrument, path: Union[str, os.PathLike]) -> None:
    """Writes any instrument (an Instrument, a built-in id or a key-file path) as a key file that
    ``load_key``, the R package and ``alliance score --key`` read back to the same instrument, its
    item columns and labels included. The file is written whole or not at all: to a temporary
    file in the same directory, renamed over ``path``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     alliance.save_key("wai-sr", folder + "/wai-sr.json")
    ...     alliance.load_key(folder + "/wai-sr.json").scale_items == alliance.instrument("wai-sr").scale_items
    True
    """
    text = _alliance.key_file_text(_resolve(instrument))
    target = _alliance.path_argument(path, "path")
    folder, base = os.path.split(os.path.abspath(target))
    temporary = os.path.join(folder, f".{base}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def _resolve(spec: Any) -> Instrument:
    """An Instrument from an Instrument, a built-in id or a key-file path (a regular file: a FIFO
    or a device is refused at once, naming it)."""
    return _alliance.instrument_argument(spec, "instrument")


# ------------------------------------------------------------------------------------------------
# Reading responses


def read_spss(path: Union[str, os.PathLike]) -> pd.DataFrame:
    """An SPSS (``.sav``, ``.zsav``, ``.por``) or Stata (``.dta``) file as a DataFrame, read by
    ReadStat as ``alliance score`` reads such a file (alliance/table/stat_file.hpp; Debian's
    pandas cannot read SPSS files). One column per variable, in the file's order; a row per case.

    A numeric variable is float64 holding the codes as stored (a 5 labelled "Always" is 5);
    system-missing, Stata's tagged ``.a``-``.z`` and the values the file declares user-missing
    (SPSS ``MISSING VALUES``, e.g. -99) are NaN. Dates are numbers as the file stores them (SPSS:
    seconds since 1582-10-14; Stata: days since 1960-01-01). A string variable is text (None
    where user-missing). ``df.attrs`` holds ``value_labels`` (column -> {code: label}),
    ``variable_labels`` (column -> label) and ``file_label``. A file that cannot be read raises
    OSError; one that is not of its format (or is cut short), or a name that ends in none of
    them, ValueError, naming the file and ReadStat's reason.

    >>> visits = alliance.read_spss("tests/data/stat_files/wai_sr_wide.sav")
    >>> visits.loc[3, ["client", "item8"]].tolist(), visits.attrs["value_labels"]["item1"][5]
    (['c002', nan], 'Always')
    """
    table = _alliance.read_stat(path)
    columns, value_labels, variable_labels = {}, {}, {}
    for name, values, label, labels in table["columns"]:
        columns[name] = values if isinstance(values, np.ndarray) else np.array(values, dtype=object)
        if label:
            variable_labels[name] = label
        if labels:
            value_labels[name] = {int(code) if isinstance(code, float) and code.is_integer() else code: text
                                  for code, text in labels}
    out = pd.DataFrame(columns, index=pd.RangeIndex(table["rows"]), copy=False)
    out.attrs.update(value_labels=value_labels, variable_labels=variable_labels, file_label=table["file_label"])
    return out


def _holds_no_numbers(dtype) -> bool:
    """A pandas or numpy type whose values are no numbers and no texts: booleans, dates, time
    spans, complex numbers. A column of it is refused as a whole (alliance/table/column_type.hpp)."""
    types = pd.api.types
    return not isinstance(dtype, pd.CategoricalDtype) and (
        types.is_bool_dtype(dtype) or types.is_datetime64_any_dtype(dtype) or types.is_timedelta64_dtype(dtype)
        or types.is_complex_dtype(dtype))


def _column_to_float(column: pd.Series, name: str, missing: list, not_applicable: list, role: str = "answers",
                     labels=None, item: int = 0):
    """One column as the library reads its cells (alliance/table/cells.hpp): float64 (NaN =
    missing), a bool mask of "does not apply", and the positions of the cells that are no answer.

    Numbers are read as they are, through the codes that read as numbers; texts and every other
    object (True, a complex number) by their text, answers given as labels through ``labels``
    (those of item ``item``, 1-based); a categorical column's categories once each.
    """
    dtype = column.dtype
    if _holds_no_numbers(dtype):
        _alliance.wrong_column_type(name, str(dtype), role)
    if isinstance(dtype, pd.CategoricalDtype):
        values_c, kinds_c = _alliance.read_object_column(np.asarray(dtype.categories, dtype=object), missing,
                                                         not_applicable, labels, item)
        codes = column.cat.codes.to_numpy()
        values = np.where(codes >= 0, values_c[codes], np.nan)
        kinds = np.where(codes >= 0, kinds_c[codes], 1)
    elif pd.api.types.is_numeric_dtype(dtype):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        if _alliance.number_codes_apply(missing, not_applicable):
            values, na = _alliance.read_number_column(values, missing, not_applicable)
            return values, na, np.zeros(0, dtype=np.intp)
        return values, np.zeros(len(values), dtype=bool), np.zeros(0, dtype=np.intp)
    else:  # object, string: each cell as the library reads it
        values, kinds = _alliance.read_object_column(column.to_numpy(dtype=object), missing, not_applicable, labels,
                                                     item)
    return values, kinds == 2, np.flatnonzero(kinds == 3)


def _header(data: pd.DataFrame) -> list:
    """The DataFrame's column names as texts (the library finds columns among them)."""
    return [str(name) for name in data.columns]


def _responses(data, inst: Instrument, items, missing, not_applicable, labels=None):
    """(item columns as 1-D arrays, not-applicable mask or None, row labels, item column names, problems:
    the (row position, item index) of each cell that is no answer). ``items`` as score() takes it
    (alliance/table/item_spec.hpp); ``labels`` checked by _alliance.labels_argument."""
    if not isinstance(data, pd.DataFrame):
        return _array_responses(data, inst, missing, not_applicable, labels)
    names, positions = _alliance.item_columns(inst, items, _header(data))
    missing_codes, na_codes = _code_texts(missing, not_applicable)
    in_place = not _alliance.number_codes_apply(missing_codes, na_codes)
    problems: list = []
    columns = []
    mask = None
    for j, (name, position) in enumerate(zip(names, positions)):
        column = data.iloc[:, position]
        dtype = column.dtype
        if in_place and isinstance(dtype, np.dtype) and dtype.kind in "if":
            # Read in place by the C++ loop: float64 and signed integers as they are (no copy).
            values = column.to_numpy()
            if dtype not in _READ_IN_PLACE:
                values = values.astype(np.float64)  # one copy of this column (float32)
            columns.append(values)
            continue
        values, na, bad = _column_to_float(column, name, missing_codes, na_codes, "answers", labels, j + 1)
        problems.extend((int(position), j) for position in bad)
        columns.append(values)
        if na.any():
            if mask is None:
                mask = np.zeros((len(data), len(names)), dtype=bool)
            mask[:, j] = na
    return columns, mask, data.index, names, problems


def _as_array(data):
    """An array argument as numpy holds it: a masked array's masked entries missing (NaN or None),
    as numpy's own statistics leave them out."""
    if np.ma.isMaskedArray(data):
        kind = data.dtype.kind
        return data.astype(np.float64).filled(np.nan) if kind in "iuf" else data.astype(object).filled(None)
    return np.asarray(data)


def _array_responses(data, inst: Instrument, missing, not_applicable, labels=None):
    """_responses of a 2-D array (or anything numpy makes one of): numbers read in place, any
    other cells as a DataFrame's object columns are."""
    array = _as_array(data)
    _alliance.matrix_argument(array, "data", inst.items, inst.id)
    names = [f"column {j + 1}" for j in range(inst.items)]
    rows = pd.RangeIndex(len(array))
    if array.dtype in _READ_IN_PLACE and not _alliance.number_codes_apply(*_code_texts(missing, not_applicable)):
        return [array[:, j] for j in range(inst.items)], None, rows, names, []  # in place, any layout
    frame = pd.DataFrame(array, columns=names, copy=False)
    columns, mask, _, _, problems = _responses(frame, inst, "column {}", missing, not_applicable, labels)
    return columns, mask, rows, names, problems


# ------------------------------------------------------------------------------------------------
# Scoring


def score(data, instrument, items=None, min_answered: Optional[float] = None, missing=None,
          not_applicable=None, errors: str = "row", classify: bool = False, labels=None) -> pd.DataFrame:
    """Score every record of ``data`` with one instrument.

    Parameters
    ----------
    data : pandas.DataFrame or 2-D numpy array
        A DataFrame whose item columns are named by ``items``; or an array with one column per
        item (NaN = missing). A float64 array is read in place, whatever its memory layout; other
        numeric dtypes are converted (one copy).
    instrument : str, os.PathLike or Instrument
        A built-in id (``alliance.instruments()``), a key-file path, or an Instrument.
    items : str, list or dict, optional
        The item columns: a pattern, ``{}`` standing for the item number 1..N and ``{:0N}`` for
        it zero-padded to N digits (``"wai{:02}"``: wai01..wai12); a list of column names in
        item order (``["A1", "A2", ...]``); or a dict item number -> column (``{1: "q7", ...}``).
        Default: the instrument's own item columns (a key file's ``item_columns``, an instrument
        defined by column names), else ``"item{}"``.
    min_answered : float, optional
        Score a scale when at least this fraction of its items is answered (0 < f <= 1),
        prorating its sum; replaces every scale's own rule. Default: the published rule.
    missing : code or list of codes, optional
        Values meaning "not answered" (e.g. ``-99``). NaN, None and pd.NA are always missing;
        in text columns the default codes are ``""`` and ``"NA"``, which a list given here replaces.
    not_applicable : code or list of codes, optional
        Values meaning "does not apply", for instruments that offer it (CARE).
    errors : {"row", "raise"}
        ``"row"``: an invalid answer makes an ``error`` row whose message names the row label,
        item, column and value. ``"raise"``: raise ResponseError (a ValueError) instead.
    classify : bool
        As ``alliance score --classify``: after the scale columns, one column per published
        cut-off of the instrument (named by its id; 1 when the scale's reported value is flagged,
        0 when not, NA when the scale has no score) and one per severity band table (named by
        its id; the band's label). Instruments of key files have none.
    labels : dict, optional
        Answers given as labels, label -> code (``{"Seldom": 1, ..., "Always": 5}``); an item
        number -> such a dict gives an item labels of its own. Text and categorical cells are
        read through them (a Categorical by its category texts). Default: the instrument's own
        (a key file's ``response_labels``), else none.

    Returns
    -------
    pandas.DataFrame with the same index as ``data`` and the columns of ``alliance score``:
    ``<scale>_sum``, ``<scale>_mean`` (float, NaN when the scale is not scored),
    ``<scale>_answered`` (Int64, NA in an error row), ``<scale>_status`` (categorical:
    complete, prorated, insufficient) per scale, the total last; then ``status`` (ok, partial,
    error) and ``message`` (NaN when ok).

    >>> df = pd.DataFrame({f"item{i}": [4, 5] for i in range(1, 13)}, index=["c1", "c2"])
    >>> df.loc["c2", "item3"] = 6
    >>> out = alliance.score(df, "wai-sr")
    >>> out.loc["c1", "total_sum"], out.loc["c2", "status"]
    (48.0, 'error')
    >>> out.loc["c2", "message"]
    "wai-sr, record 'row c2', item 3: response 6 is outside the response scale 1..5 (column 'item3', value '6')"
    >>> phq = pd.DataFrame({f"item{i}": [1, 2] for i in range(1, 11)})   # totals 9 and 18
    >>> alliance.score(phq, "phq-9", classify=True)[["total_sum", "phq-9-total-10", "phq-9-severity"]]
       total_sum  phq-9-total-10     phq-9-severity
    0        9.0               0               mild
    1       18.0               1  moderately severe
    """
    errors = _alliance.choice_argument(errors, "errors", ["row", "raise"])
    classify = _alliance.boolean_argument(classify, "classify")
    inst = _resolve(instrument)
    fraction = _alliance.min_answered(min_answered)
    codes = _code_texts(missing, not_applicable)
    answer_labels = _alliance.labels_argument(labels, inst, *codes)
    columns_in, mask, rows, names, unreadable = _responses(data, inst, items, missing, not_applicable, answer_labels)
    # Scored, and every message written, by the table layer (alliance/table/score_table.hpp).
    block = _alliance.score_block(inst, columns_in, mask, fraction, unreadable, lambda row: rows[row],
                                  _cell_text(data, names), names, *codes, answer_labels)
    if errors == "raise" and block["first_problem"] is not None:
        raise ResponseError(block["first_problem"])
    index = rows if isinstance(data, pd.DataFrame) else pd.RangeIndex(len(block["row_status"]))
    return _score_frame(inst, block, index, classify)


def _score_frame(inst: Instrument, block: dict, index, classify: bool) -> pd.DataFrame:
    """score()'s DataFrame of a block the library scored (score_block, score_long_block)."""
    columns: dict = {}
    for s, stem in enumerate(inst.column_stems):
        answered = block["answered"][s]
        columns[f"{stem}_sum"] = block["sum"][s]
        columns[f"{stem}_mean"] = block["mean"][s]
        columns[f"{stem}_answered"] = pd.arrays.IntegerArray(answered, answered < 0)
        columns[f"{stem}_status"] = pd.Categorical.from_codes(block["status"][s], categories=_SCALE_STATUS)
    if classify:
        for name, values in _alliance.classify_block(inst, block["sum"], block["mean"]):
            if isinstance(values, np.ndarray):
                columns[name] = pd.arrays.IntegerArray(values.astype(np.int64), values < 0)
            else:
                columns[name] = np.array(values, dtype=object)
    columns["status"] = pd.Categorical.from_codes(block["row_status"], categories=_ROW_STATUS)
    # An object Series with its dtype given: pandas does not scan a million cells for dates.
    columns["message"] = pd.Series(block["message"], index=index, dtype=object, copy=False)
    return pd.DataFrame(columns, index=index, copy=False)


def score_long(data: pd.DataFrame, instrument, record, item: str = "item", value: str = "value", items=None,
               min_answered: Optional[float] = None, missing=None, not_applicable=None, errors: str = "row",
               classify: bool = False, labels=None) -> pd.DataFrame:
    """Scores long data, one row per answer, as ``alliance score --long``: one output row per
    record, in the order of each record's first row.

    ``record`` names the record's key columns (a column or a list, e.g. ``["client",
    "session"]``), ``item`` the column naming the item and ``value`` the column holding the
    answer. An item cell holds the item's number (``4``, ``"04"``) or, when ``items`` is given
    or the instrument has item columns of its own, one of those names (``"wai04"``). An item
    not given is a missing answer. A record with an item its instrument lacks, an item given
    twice, a value that is no answer, or a row with an empty key cell is an error row naming
    every problem and the rows (by ``data``'s index). ``items``, ``min_answered``, ``missing``,
    ``not_applicable``, ``errors``, ``classify`` and ``labels`` are as for ``score``.

    Returns the key columns (the values of each record's first row), then ``score``'s columns,
    indexed 0..n-1. The rules and messages are the library's (alliance/table/long_format.hpp).

    >>> answers = pd.DataFrame({"client": ["a"] * 4 + ["b"] * 4, "item": [1, 2, 3, 4] * 2,
    ...                         "value": [9.0, 8.5, 9.5, 9.0, 7.0, 7.5, None, 8.0]})
    >>> alliance.score_long(answers, "srs", record="client")[["client", "total_sum", "status"]]
      client  total_sum   status
    0      a       36.0       ok
    1      b        NaN  partial
    """
    _alliance.frame_argument(data, "data")
    errors = _alliance.choice_argument(errors, "errors", ["row", "raise"])
    classify = _alliance.boolean_argument(classify, "classify")
    inst = _resolve(instrument)
    fraction = _alliance.min_answered(min_answered)
    layout = _alliance.long_layout_argument(record, item, value)
    keys = list(layout[0])
    positions = _alliance.locate_columns(_header(data), keys + [layout[1], layout[2]])
    item_column, value_column = data.iloc[:, positions[-2]], data.iloc[:, positions[-1]]
    if _holds_no_numbers(value_column.dtype):
        _alliance.wrong_column_type(layout[2], str(value_column.dtype), "answers")
    codes = _code_texts(missing, not_applicable)
    answer_labels = _alliance.labels_argument(labels, inst, *codes)
    block = _alliance.score_long_block(inst, [_key_texts(data.iloc[:, p]) for p in positions[:len(keys)]],
                                       _long_cells(item_column), _long_cells(value_column), layout, items,
                                       fraction, data.index, *codes, answer_labels)
    if errors == "raise" and block["first_problem"] is not None:
        raise ResponseError(block["first_problem"])
    index = pd.RangeIndex(len(block["first_row"]))
    records = data.iloc[block["first_row"], positions[:len(keys)]].set_axis(index)
    return pd.concat([records, _score_frame(inst, block, index, classify)], axis=1)


def _long_cells(column: pd.Series) -> np.ndarray:
    """A long table's item or value column for the library: numbers as float64 (NaN missing), any
    other column's cells as objects (a categorical one's by their categories)."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not isinstance(column.dtype, pd.CategoricalDtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    return column.to_numpy(dtype=object)


def _code_texts(missing, not_applicable) -> tuple:
    """The missing and not-applicable codes as texts (a number by its text), checked by the library."""
    return (_alliance.codes_argument(missing, "missing", list(_DEFAULT_MISSING_CODES)),
            _alliance.codes_argument(not_applicable, "not_applicable", []))


def _cell_text(data, names: list):
    """cell(row, item): the cell of item `item` (0-based) in row `row` (a position) as a message shows it."""
    if isinstance(data, pd.DataFrame):
        positions = _alliance.locate_columns(_header(data), names)
        return lambda row, item: _shown(data.iloc[row, positions[item]])
    array = _as_array(data)
    return lambda row, item: _shown(array[row, item])


def _shown(value) -> str:
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value).is_integer():
        return str(int(value))
    # A text with a lone surrogate has no UTF-8: shown with escapes.
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def explain_score(responses: Iterable, instrument, min_answered: Optional[float] = None, missing=None,
            not_applicable=None) -> str:
    """The scoring of one record step by step, as ``alliance explain`` prints it.

    ``responses`` lists the answers in item order: numbers, None or NaN (missing), or texts read
    as score() reads a cell, with the codes ``missing`` (default ``""`` and ``"NA"``) and
    ``not_applicable`` (default none; e.g. ``"n/a"``), as ``alliance explain --missing
    --not-applicable``. A masked array's masked entries are missing. Every number is listed,
    never raised: one out of range, off the scale's anchors or not finite is marked invalid in
    the trace. A text that is no answer, and any other object (True) by its text, raises
    ValueError naming ``responses``, its position and its text, as the command does.

    >>> print(alliance.explain_score([4, 5, None, 3, 5, 4, 4, 3, 5, 4, 4, 5], "wai-sr").splitlines()[0])
    wai-sr: Working Alliance Inventory - Short Revised, client form
    """
    _alliance.sequence_argument(responses, "responses")
    # A masked array's tolist() gives None for its masked entries: missing answers.
    answers = responses.tolist() if hasattr(responses, "tolist") else list(responses)
    return _alliance.explain_text(_resolve(instrument), answers, _alliance.min_answered(min_answered),
                                  *_code_texts(missing, not_applicable))


# ------------------------------------------------------------------------------------------------
# Statistics



def _series(values, name: str) -> pd.Series:
    """A sequence argument as a Series (a Series as it is; a masked array's masked entries
    missing), its cells as given: _numbers reads them."""
    if isinstance(values, pd.Series):
        return values
    _alliance.sequence_argument(values, name)
    if isinstance(values, np.ndarray):
        return pd.Series(_as_array(values))
    cells = list(values)
    try:  # numpy's type for the list: numbers, or booleans (refused whole), or texts
        array = np.asarray(cells)
    except (ValueError, TypeError):  # ragged: one object per cell
        array = np.empty(0)
    if array.ndim != 1 or len(array) != len(cells):
        array = np.empty(len(cells), dtype=object)
        array[:] = [None] * len(cells)
        for i, cell in enumerate(cells):
            array[i] = cell
    return pd.Series(array)


def _numbers(values: pd.Series, name: str, column: int, unreadable: list) -> np.ndarray:
    """A sequence's cells as float64 (NaN = missing), as the library reads a cell: a number as it
    is, a text or any other object by its text (alliance/table/cells.hpp). A cell that is no
    number is added to ``unreadable`` as (row, column, text), for _alliance.refuse_unreadable."""
    if _holds_no_numbers(values.dtype):
        _alliance.wrong_column_type(name, str(values.dtype), "scores")
    if pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(values.dtype, pd.CategoricalDtype):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    cells = values.to_numpy(dtype=object)
    numbers, kinds = _alliance.read_object_column(cells, list(_DEFAULT_MISSING_CODES), [])
    unreadable.extend((int(row), column, _shown(cells[row])) for row in np.flatnonzero(kinds == 3))
    return numbers


def _inputs(series: list, names: list) -> tuple:
    """The inputs of a block as float64 arrays, and their cells that are no number."""
    unreadable: list = []
    return [_numbers(values, name, j, unreadable) for j, (values, name) in enumerate(zip(series, names))], unreadable


def _refused(block, unreadable: list, names: list, index, n: int):
    """The block with each row holding a cell that is no number an error row, in the library's
    words (alliance/table/block.hpp, refuse_unreadable), its row named by ``index``."""
    labels = pd.RangeIndex(n) if index is None else index
    return _alliance.refuse_unreadable(block, unreadable, names, labels)


def _frame_of(block, index) -> pd.DataFrame:
    """A block of the table layer (alliance/table/block.hpp) as a DataFrame: its columns, then
    status and message (the library's, for partial and error rows)."""
    rs = block["row_status"]
    columns = {name: block["values"][i] for i, name in enumerate(block["columns"])}
    for name in block["yes_no"]:
        columns[name] = pd.arrays.BooleanArray(columns[name] == 1, rs != 0)
    for name, labels in block["categories"].items():
        codes = np.where(np.isnan(columns[name]), -1, columns[name]).astype(np.int64)
        columns[name] = pd.Categorical.from_codes(codes, categories=labels)
    messages = np.full(len(rs), np.nan, dtype=object)
    for i, text in block["messages"]:
        messages[i] = text
    columns["status"] = pd.Categorical.from_codes(rs, categories=_ROW_STATUS)
    columns["message"] = messages
    return pd.DataFrame(columns, index=index)


def _name(values, default: str) -> str:
    return str(values.name) if isinstance(values, pd.Series) and values.name is not None else default


def _paired(first, second, first_s: pd.Series, second_s: pd.Series, names: tuple) -> pd.Series:
    """``second_s`` in the order of ``first_s``: by index when both inputs are Series (as pandas
    aligns ``post - pre``), else by position. The rule and its messages are the library's
    (alliance/table/pairing.hpp); this only factorizes the indexes into codes."""
    if not (isinstance(first, pd.Series) and isinstance(second, pd.Series)):
        _alliance.require_same_length(len(first_s), len(second_s), *names)
        return second_s.set_axis(first_s.index)
    codes, _ = pd.factorize(first_s.index.append(second_s.index), use_na_sentinel=False)
    n = len(first_s)
    rows = _alliance.pair_by_key(codes[:n], codes[n:], *names, first_s.index, second_s.index)
    return second_s.iloc[np.asarray(rows, dtype=np.intp)].set_axis(first_s.index)


def reliable_change(pre, post, *, sd=None, reliability=None, direction, method: str = "jt",
                    confidence: Optional[float] = None, critical_value: Optional[float] = None, cutoff=None,
                    mean=None, post_mean=None, post_sd=None, post_reliability=None,
                    prepost_correlation=None, clinical_mean=None, clinical_sd=None,
                    functional_mean=None, functional_sd=None,
                    recovery_rule: Optional[str] = None, norm: Optional[str] = None) -> pd.DataFrame:
    """Reliable change of every client, as ``alliance change``.

    ``pre`` and ``post`` are sequences (Series keep their index) of scores. Two Series are
    paired by their index, as pandas aligns ``post - pre``: the result is in ``pre``'s order,
    and indexes that do not pair one to one (a label in one only, a label twice) are refused
    naming the first label that differs; otherwise they pair by position. A missing one makes
    the row ``partial`` with nothing computed. ``direction`` is ``"higher"`` or ``"lower"``
    (which is better; no default). ``method`` is one of ``jt`` (Jacobson & Truax 1991), ``gln``,
    ``hll``, ``en``, ``nk``, ``ha``, ``maassen``, ``iverson``, ``iverson-unadjusted``,
    ``chelune``, ``temkin``, ``mcsweeny``. Parameters a method needs and you do not give (means,
    SDs, the pre-post correlation) are estimated from the complete pairs, as the command does;
    reliabilities are never estimated. ``critical_value`` (e.g. 1.96) is used instead of the
    two-sided normal quantile of ``confidence`` (default 0.95); give one or the other. ``cutoff`` is a number, or ``"a"``, ``"b"``, ``"c"`` (Jacobson & Truax's,
    from ``clinical_mean``/``clinical_sd`` and for b and c ``functional_mean``/``functional_sd``);
    it adds the columns ``cutoff`` and ``category``. With ``method="ha"`` the letter names
    Hageman & Arrindell's (1999) true-score cut-off and the category comes from RC_indiv and
    CS_indiv, which is added as a column (needs the post scores' mean and SD, given or
    estimated). ``recovery_rule`` (with a cut-off): ``"jacobson-truax"`` (default: recovered =
    reliably improved and past the cut-off) or ``"clinicalsignificance"`` (the R package's
    rule: the pre score must also be on the clinical side).
    ``norm``: a published norm of the catalogue by id for ``mean``, ``sd`` and (when it
    reports one) ``reliability``, as ``alliance change --norm``.

    Columns: difference, standard_error, rci, critical_value, threshold, reliable_change
    [, cutoff[, cs_indiv], category], status, message. Estimated parameters are in
    ``df.attrs["estimated"]``.

    >>> ha = alliance.reliable_change([15.0], [40.0], direction="higher", method="ha", mean=20, sd=10,
    ...                               post_mean=30, post_sd=10, reliability=0.75, prepost_correlation=0.3,
    ...                               critical_value=1.7320508,
    ...                               cutoff="c", clinical_mean=20, clinical_sd=10, functional_mean=40,
    ...                               functional_sd=10)
    >>> round(ha.loc[0, "cutoff"], 10), round(ha.loc[0, "cs_indiv"], 10), ha.loc[0, "category"]  # c = 30, sqrt(3)
    (30.0, 1.7320508076, 'recovered')

    >>> rc = alliance.reliable_change([10.0], [25.0], sd=7.7, reliability=0.8, direction="higher")
    >>> round(rc.loc[0, "rci"], 4), rc.loc[0, "reliable_change"]   # 15 / (7.7 sqrt(2) sqrt(0.2))
    (3.0801, 'improved')
    """
    return _change(pre, post, _change_options(dict(locals())))


def _change_options(arguments: dict) -> dict:
    """reliable_change's arguments (by name) as the library's change request takes them."""
    options = {key: value for key, value in arguments.items() if key not in ("pre", "post", "cutoff")}
    cutoff = arguments["cutoff"]  # a letter or a number: the library's request has the two apart
    if isinstance(cutoff, str):
        options["cutoff"] = cutoff
    elif cutoff is not None:
        options["cutoff_value"] = _alliance.number_argument(cutoff, "cutoff")
    return options


def _change(pre, post, options: dict, picture: Optional[dict] = None):
    """reliable_change's block (or with ``picture``, plot_change's pictures) of checked options."""
    pre_s, post_s = _series(pre, "pre"), _series(post, "post")
    index = pre_s.index if isinstance(pre, pd.Series) else (post_s.index if isinstance(post, pd.Series) else None)
    post_s = _paired(pre, post, pre_s, post_s, ("pre", "post"))
    names = [_name(pre, "pre"), _name(post, "post")]
    (x, y), unreadable = _inputs([pre_s, post_s], names)
    if picture is not None:  # a cell that is no number is NaN in x or y: its row is left out, as error rows are
        return Pictures(_alliance.change_block(x, y, options, names, picture)["pictures"])["change"]
    block = _refused(_alliance.change_block(x, y, options, names), unreadable, names, index, len(x))
    out = _frame_of(block, index)
    out.attrs["estimated"] = dict(block["estimated"])
    return out


def icc(ratings, confidence: float = 0.95) -> pd.DataFrame:
    """The six Shrout & Fleiss (1979) intraclass correlations of a targets x raters table, as
    ``alliance icc`` (psych's ICC(), the ANOVA route).

    ``ratings``: a DataFrame (one column per rater; numbers, or text read as ``score`` reads
    it; NaN/None/pd.NA = not rated) or a 2-D array (a masked array's masked entries not rated).
    A row with a missing rating is left out (listwise); a row with a rating that is no finite
    number (a text, True, a complex number) is left out and named; a column of booleans or dates
    is refused. Rows indexed by form (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k); columns icc,
    lower, upper (at ``confidence``), n (targets used), k (raters), f, df1, df2, p, status (ok;
    partial when rows were left out; error when nothing could be computed, with the reason) and
    message. The rules and messages are the library's (alliance/table/reliability.hpp), the
    same as the command's.

    >>> sf = pd.read_csv("examples/data/shrout_fleiss_1979.csv")
    >>> alliance.icc(sf[["judge1", "judge2", "judge3", "judge4"]]).loc["ICC3", "icc"].round(2)
    0.71
    """
    if not isinstance(ratings, pd.DataFrame):
        array = _as_array(ratings)
        _alliance.matrix_argument(array, "ratings", 0, "")
        ratings = pd.DataFrame(array, copy=False)  # its columns read as a DataFrame's are
    values, kinds = [], []
    for j in range(ratings.shape[1]):
        column, _, bad = _column_to_float(ratings.iloc[:, j], str(ratings.columns[j]), list(_DEFAULT_MISSING_CODES), [],
                                          "ratings")
        values.append(column)
        kinds.append(None if not len(bad) else np.where(np.isnan(column), 1, 0).astype(np.int8))
        if len(bad):
            kinds[-1][bad] = 3
    table = _alliance.icc_table(values, kinds, dict(confidence=confidence), ratings.index)
    return _frame_of_table(table).set_index("form")


def scale_reliability(data, instrument, item_detail: bool = False, items=None, missing=None,
                      not_applicable=None, confidence: float = 0.95, labels=None) -> pd.DataFrame:
    """The internal consistency of every scale of an instrument, as ``alliance reliability``.

    ``data`` is read as by ``score`` (item columns by ``items``: a pattern, a list or a dict;
    ``missing`` and ``not_applicable`` codes; answers given as ``labels``). Items are reverse-keyed on the instrument's nominal scale; a row
    with a missing answer to an item of a scale is left out of that scale only (listwise per
    scale); a row with an invalid answer (one that ``score`` makes an error row) is left out of
    every scale, and the messages count and name such rows.

    One row per scale (the total last), indexed by scale: n (rows used), k, alpha,
    alpha_standardized, alpha_lower, alpha_upper (Feldt 1965, at ``confidence``), sem (empty
    when alpha <= 0), status (ok; partial when rows were left out; error when nothing could be
    computed) and message. With ``item_detail=True`` one row per item of each scale instead,
    indexed by scale and item: reversed, mean, sd, r_drop, alpha_if_deleted, status, message.
    The rules and messages are the library's (alliance/table/reliability.hpp), the same as the
    command's.

    >>> sample = pd.read_csv("examples/data/wai_sr_sample.csv").set_index("client")
    >>> alpha = alliance.scale_reliability(sample, "wai-sr")
    >>> alpha[["n", "alpha", "status"]].round(4)
            n   alpha   status
    scale                     
    task   36  0.4860  partial
    goal   33  0.6417  partial
    bond   34  0.5586  partial
    total  31  0.8289  partial
    >>> alpha.loc["goal", "message"]
    '3 rows with a missing answer left out (listwise); 4 rows with invalid values left out (row c003, row c005, row c009 and row c010)'
    """
    inst = _resolve(instrument)
    answer_labels = _alliance.labels_argument(labels, inst, *_code_texts(missing, not_applicable))
    columns_in, mask, rows, names, problems = _responses(data, inst, items, missing, not_applicable, answer_labels)
    unreadable = np.zeros(len(rows), dtype=bool)  # rows with a cell that is no answer (read as missing)
    unreadable[np.asarray([problem[0] for problem in problems], dtype=np.intp)] = True
    matrix = np.empty((len(rows), inst.items), dtype=np.float64)
    for j, column in enumerate(columns_in):
        matrix[:, j] = column
    item_detail = _alliance.boolean_argument(item_detail, "item_detail")
    table = _alliance.reliability_table(inst, matrix, mask, unreadable, dict(confidence=confidence), item_detail,
                                        rows)
    return _frame_of_table(table).set_index(["scale", "item"] if item_detail else "scale")

def normative_compare(scores, *, mean: Optional[float] = None, sd: Optional[float] = None, n: Optional[int] = None,
                      confidence: Optional[float] = None, norm: Optional[str] = None, bayesian: bool = False, scores_b=None,
                      mean_b: Optional[float] = None, sd_b: Optional[float] = None,
                      correlation: Optional[float] = None, prior: Optional[str] = None,
                      unstandardised: bool = False, draws: Optional[int] = None,
                      seed: Optional[int] = None) -> pd.DataFrame:
    """Every score against a norm (mean, SD), as ``alliance compare``.

    Columns: z = (score - mean) / sd, t_score = 50 + 10 z, percentile (of the norm below the
    score). With ``n`` (the normative sample's size), Crawford & Howell's (1998) test of a
    single case and Crawford & Garthwaite's (2002) intervals at ``confidence`` (default 0.95;
    only with ``n``): t, df,
    p_one_tailed (in the direction the score lies from the mean), p_two_tailed, percent_below
    with percent_below_lower/upper, z_cc with z_cc_lower/upper. Then status (ok; partial for a
    missing score, nothing computed) and message. A Series keeps its index.

    ``norm``: a published norm of the catalogue by id (``alliance compare --norm``) instead of
    ``mean`` and ``sd`` (and its n, when it reports one).

    Bayesian tests by Monte Carlo (Crawford & Garthwaite 2007; need ``n``; ``draws`` default
    100000, ``seed`` default 1, every row with the seed): ``bayesian=True`` gives the
    single-case columns from the Bayesian test for a deficit (z, t_score, percentile,
    p_one_tailed, p_two_tailed, percent_below with its credible interval, z_cc with its
    interval, mc_standard_error). ``scores_b`` (a second task, with ``mean_b``, ``sd_b`` and
    the tasks' ``correlation`` in the controls; ``prior`` "standard" or "calibrated",
    ``unstandardised``) gives the Bayesian standardised difference test: z_a, z_b, btd_p_a,
    btd_p_b, z_dcc, p_one_tailed, p_two_tailed, percent_below, percent_below_lower/upper,
    z_dcc_lower/upper, mc_standard_error.

    >>> out = alliance.normative_compare(pd.Series([14.5]), mean=28, sd=6.8, n=100)
    >>> round(out.loc[0, "z"], 6), round(out.loc[0, "t_score"], 6)   # (14.5 - 28) / 6.8, 50 + 10 z
    (-1.985294, 30.147059)
    >>> btd = alliance.normative_compare([-2.0], mean=0, sd=1, n=20, bayesian=True, draws=10000)
    >>> round(btd.loc[0, "z_cc"], 6), 0.02 < btd.loc[0, "p_one_tailed"] < 0.04   # t test p = .0300
    (-2.0, True)
    """
    values = _series(scores, "scores")
    given = [values]
    if scores_b is not None:
        given.append(_paired(scores, scores_b, values, _series(scores_b, "scores_b"), ("scores", "scores_b")))
    options = dict(mean=mean, sd=sd, n=n, norm=norm, confidence=confidence, bayesian=bayesian, mean_b=mean_b,
                   sd_b=sd_b, correlation=correlation, prior=prior, unstandardised=unstandardised, draws=draws,
                   seed=seed)
    names = [_name(scores, "score"), _name(scores_b, "score_b")]
    arrays, unreadable = _inputs(given, names)
    block = _alliance.normative_compare_block(arrays[0], arrays[1] if len(arrays) > 1 else None, options, names)
    index = values.index if isinstance(scores, pd.Series) else None
    return _frame_of(_refused(block, unreadable, names, index, len(values)), index)


def normative_equivalence(group_mean, group_sd, group_n, *, mean: float, sd: float, n: int,
                          delta: Optional[float] = None, delta_sd: Optional[float] = None, welch: bool = False,
                          alpha: float = 0.05) -> pd.DataFrame:
    """Normative equivalence of treated groups, as ``alliance compare --equivalence``: each
    group (``group_mean``, ``group_sd``, ``group_n``: sequences; Series keep their index)
    against the normative group (``mean``, ``sd``, ``n``) by Kendall et al.'s (1999) two
    one-sided tests and the traditional difference test; ``welch=True`` uses separate variances
    and Welch's df (Cribbie & Arpin-Cribbie 2009). The range of closeness has no default:
    ``delta`` in score points or ``delta_sd`` in normative SDs (Kendall et al. used 1).

    Columns: difference, delta, standard_error, df, t_upper, p_upper, t_lower, p_lower,
    equivalent (boolean: True when both one-sided p < alpha), t_difference, p_difference
    (two-tailed), different (True when p_difference < alpha), status, message.

    >>> eq = alliance.normative_equivalence([12.0], [4.0], [10], mean=10, sd=4, n=10, delta=4)
    >>> eq.loc[0, ["difference", "df", "equivalent"]].tolist()   # t_upper = (2 - 4) / 1.789 = -1.118
    [2.0, 18.0, False]
    """
    given = (group_mean, "group_mean"), (group_sd, "group_sd"), (group_n, "group_n")
    series = [_series(v, name) for v, name in given]
    # Each of the three paired with group_mean: by index where both are Series, else by position.
    for k in (1, 2):
        series[k] = _paired(group_mean, given[k][0], series[0], series[k], ("group_mean", given[k][1]))
    names = [_name(v, default) for v, default in given]
    number = _alliance.number_argument
    (means, sds, ns), unreadable = _inputs(series, names)
    block = _alliance.equivalence_block(means, sds, ns, number(mean, "mean"), number(sd, "sd"), number(n, "n"),
                                        None if delta is None else number(delta, "delta"),
                                        None if delta_sd is None else number(delta_sd, "delta_sd"),
                                        _alliance.boolean_argument(welch, "welch"), number(alpha, "alpha"), names)
    index = next((v.index for v in (group_mean, group_sd, group_n) if isinstance(v, pd.Series)), None)
    return _frame_of(_refused(block, unreadable, names, index, len(means)), index)


def split_alliance(data: pd.DataFrame, *, score: str, unit: str, member: str, session: Optional[str] = None,
                   first: Optional[str] = None, second: Optional[str] = None, threshold: Optional[float] = None,
                   summary: bool = False, confidence: Optional[float] = None) -> pd.DataFrame:
    """Split alliances: how far apart the members of one unit (couple, family, dyad) rate the
    same alliance, as ``alliance split``. ``data`` has one row per member (and session).

    One row per unit (and session, with ``session``), in order of first appearance: unit,
    [session,] members, mean, sd (n - 1), min, max, range, and for two-member units first,
    second, first_score, second_score, difference (first - second) and abs_difference. Without
    ``first``/``second`` the two members are ordered by label. ``threshold`` adds ``flag``
    (boolean: True when range >= threshold; no published cut-off exists). A unit with one member, a
    member listed twice or without a score is an ``error`` row; so is a row without a unit (or
    session). ``summary=True``: one row (per session) with ICC(1) of members within units
    (Shrout & Fleiss 1979, psych's ICC1) over the units without errors: units,
    members_per_unit, icc1, lower, upper, f, df1, df2, p; ``confidence`` (default 0.95) is the
    level of its interval. The rules and messages are the library's (alliance/table/split.hpp),
    the same as the command's.

    >>> couple = pd.DataFrame({"unit": ["u1", "u1"], "member": ["woman", "man"], "score": [62, 55]})
    >>> alliance.split_alliance(couple, score="score", unit="unit", member="member", first="woman", second="man")[
    ...     ["unit", "difference", "range"]]
      unit  difference  range
    0   u1         7.0    7.0
    """
    return _split(data, score, unit, member, session, first, second, threshold, summary, confidence)


def _split(data, score, unit, member, session, first, second, threshold, summary, confidence, picture=None):
    """split_alliance's table, or with ``picture`` plot_split_alliance's pictures."""
    _alliance.frame_argument(data, "data")
    named = [unit, session, member, score]
    positions = iter(_alliance.locate_columns(_header(data), [str(c) for c in named if c is not None]))
    columns = [None if c is None else data.iloc[:, next(positions)] for c in named]

    def texts(column):  # a column's cells for the library, None where missing
        return None if column is None else _key_texts(column)

    score_column = columns[3]
    if _holds_no_numbers(score_column.dtype):
        _alliance.wrong_column_type(str(score), str(score_column.dtype), "scores")
    numeric = pd.api.types.is_numeric_dtype(score_column.dtype)
    scores = score_column.to_numpy(dtype=np.float64, na_value=np.nan) if numeric else texts(score_column)
    options = dict(score=score, unit=unit, member=member, session=session, first=first, second=second,
                   threshold=threshold, confidence=confidence)
    table = _alliance.split_table(texts(columns[0]), texts(columns[1]), texts(columns[2]), scores, options,
                                  _alliance.boolean_argument(summary, "summary"), data.index, picture)
    return Pictures(table["pictures"]) if picture is not None else _frame_of_table(table)


def _frame_of_table(table: dict, index=None, cells=None) -> pd.DataFrame:
    """A table the library laid out (its columns' kinds: number, count, flag, text, row) as a
    DataFrame: counts as Int64, flags as boolean, the status as categorical, a row column as
    ``cells`` of those rows."""
    columns = {}
    for name, kind, values, empty in table["columns"]:
        if kind == "count":
            values = pd.arrays.IntegerArray(values, empty)
        elif kind == "flag":
            values = pd.arrays.BooleanArray(values, empty)
        elif kind == "row":
            values = np.where(empty, np.nan, cells[np.maximum(values, 0)] if len(cells) else values)
        columns[name] = values
    out = pd.DataFrame(columns, index=index)
    out["status"] = pd.Categorical(out["status"], categories=_ROW_STATUS)
    return out


# ---------------------------------------------------------------------------------------------
# Tracking

def _key_texts(column: pd.Series) -> np.ndarray:
    """A key column (client, unit, session) as objects, None missing: the library reads them (an
    object column as it is, any other as pandas writes it as text: a date as YYYY-MM-DD)."""
    if column.dtype != object:
        column = column.astype("string")
    return column.to_numpy(dtype=object, na_value=None)


def _keys(data: pd.DataFrame, names: list) -> list:
    """Key columns (track's client and session) by name: a column of ``data``, or a level of its
    index, as pandas' groupby takes either: (a Series on ``data``'s index named as the key, whether
    it is a column) each."""
    levels = [name for name in data.index.names if name is not None]
    header = _header(data) + [str(name) for name in levels]
    keys = []
    for position in _alliance.locate_columns(header, [str(name) for name in names]):
        if position < data.shape[1]:
            keys.append((data.iloc[:, position], True))
        else:
            level = levels[position - data.shape[1]]
            keys.append((pd.Series(data.index.get_level_values(level), index=data.index, name=level), False))
    return keys


def _session_cells(column: pd.Series) -> np.ndarray:
    """A session column as the library takes it: numbers from a numeric column, else texts."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    return _key_texts(column)


def track(data: pd.DataFrame, instrument, *, client: str, session: str, direction: str, rule=None,
          scale: Optional[str] = None, metric: Optional[str] = None, session_dates: bool = False,
          items=None, min_answered: Optional[float] = None, missing=None, not_applicable=None,
          summary: bool = False, cutoff_id: Optional[str] = None, cutoff_value: Optional[float] = None,
          cutoff_when: Optional[str] = None, drop_points: Optional[float] = None, previous: Optional[str] = None,
          sd: Optional[float] = None, reliability: Optional[float] = None, norm: Optional[str] = None,
          confidence: Optional[float] = None, critical_value: Optional[float] = None, k=None,
          sd_basis: Optional[str] = None, external_sd: Optional[float] = None, reference: Optional[str] = None,
          max_decline: Optional[int] = None, repair_window: Optional[int] = None,
          repair_target: Optional[str] = None, repair_margin: Optional[float] = None,
          min_sessions: Optional[int] = None, pattern: Optional[str] = None, labels=None) -> pd.DataFrame:
    """Session-by-session scores of one scale per client, as ``alliance track``: the change
    from the previous session, the alerts that fired and the rupture-repair episodes (the
    library's alliance/tracking: series, changes, the rules' evaluate, find_episodes, classify,
    summarize; docs/tracking.md gives the sources).

    Rows may come in any order: they are grouped by ``client`` and ordered by ``session``. One
    output row per input row, in input order, with the same index; ``summary=True`` gives one
    row per client instead (in client order, a last row with an empty client counting the rows
    without one).

    Parameters
    ----------
    data : pandas.DataFrame with the client, session and item columns.
    instrument : an id, key-file path or Instrument (as for ``score``).
    client, session : column names. A session is a number, or with ``session_dates=True`` a
        date ``YYYY-MM-DD`` (changes and slopes are then per day).
    direction : ``"higher"`` or ``"lower"`` (is better); no default.
    rule : a rule name or list of them: ``below-cutoff``, ``drop``, ``reliable-drop``,
        ``v-episode`` (none by default). Every parameter the sources leave open has no default:
        below-cutoff takes the catalogue's cut-off for the scale, ``cutoff_id``, or
        ``cutoff_value`` with ``cutoff_when`` (below, at-or-below, above, at-or-above); drop
        needs ``drop_points`` and ``previous`` (last-scored, immediately-preceding);
        reliable-drop needs ``sd`` and ``reliability`` (or ``norm``), ``previous``, and takes
        ``confidence`` (0.95) or ``critical_value``; v-episode needs ``k`` (a number,
        ``"stiles-2004"`` or ``"strauss-2006"``), ``sd_basis`` (within-client, external,
        stricter; ``external_sd`` for the last two), ``reference`` (previous-session with
        ``max_decline``, running-mean, client-mean), ``repair_window``, ``repair_target``
        (pre-rupture-score, reference), ``repair_margin``, ``min_sessions``, and with
        ``summary`` ``pattern`` (any-unrepaired, last-episode).
    scale, metric : the tracked scale (default: the total, or the only scale) and ``"sum"`` or
        ``"mean"`` (default: the metric its authors report).
    items, min_answered, missing, not_applicable, labels : as for ``score``.

    Returns
    -------
    Per row: the client and session columns, the four columns of every scale as ``score``
    gives them, ``score``, ``change``, ``change_from_mean``, ``alerts`` (';'-separated),
    ``episode``, ``event`` (rupture / repair), ``repaired`` (yes / no / censored), ``depth``,
    ``sessions_to_repair``, ``status`` and ``message``. An invalid answer, session or empty
    client makes an error row; two rows of a client with the same session are both error rows
    naming each other. With ``summary``: the client column, administrations, scored,
    error_rows, first_session, last_session, mean, slope, first, last, below_cutoff, drops,
    reliable_drops, ruptures, repaired, unrepaired, censored, pattern, status, message.

    >>> visits = pd.DataFrame({"client": ["a", "a", "a", "a"], "session": [2, 1, 4, 3],
    ...                        "srs_1": [9.0, 9.5, 9.0, 5.0], "srs_2": [9.0, 9.5, 9.0, 5.0],
    ...                        "srs_3": [9.0, 9.5, 9.0, 5.0], "srs_4": [9.0, 9.5, 9.0, 5.0]})
    >>> out = alliance.track(visits, "srs", items="srs_{}", client="client", session="session",
    ...                      direction="higher", rule=["below-cutoff", "drop"], drop_points=1,
    ...                      previous="last-scored")
    >>> out[["session", "score", "change", "alerts"]]
       session  score  change             alerts
    0        2   36.0    -2.0               drop
    1        1   38.0     NaN                   
    2        4   36.0    16.0                   
    3        3   20.0   -16.0  below-cutoff;drop
    """
    return _track(dict(locals()))


# track's arguments that are the request's options (alliance/tracking/track.hpp checks them).
_TRACK_OPTIONS = ("client", "session", "session_dates", "summary", "cutoff_id", "cutoff_value", "cutoff_when",
                  "drop_points", "previous", "sd", "reliability", "norm", "confidence", "critical_value", "k",
                  "sd_basis", "external_sd", "reference", "max_decline", "repair_window", "repair_target",
                  "repair_margin", "min_sessions", "pattern")


def _track(arguments: dict, pictures: Optional[dict] = None):
    """track's table of checked arguments (track's parameters by name), or with ``pictures``
    plot_trajectory's pictures."""
    a = arguments
    data, instrument, client, session, summary = a["data"], a["instrument"], a["client"], a["session"], a["summary"]
    _alliance.frame_argument(data, "data")
    (clients, client_column), (sessions, session_column) = _keys(data, [client, session])
    inst = _resolve(instrument)
    scale, metric = a["scale"], a["metric"]
    tracked = _alliance.tracked_scale(inst, None if scale is None else _alliance.text_argument(scale, "scale"))
    metric = _alliance.scale_metric(inst, tracked) if metric is None else _alliance.text_argument(metric, "metric")
    options = {key: a[key] for key in _TRACK_OPTIONS if a[key] is not None}
    options["rule"] = _alliance.rule_names(a["rule"])
    _alliance.check_track_options(inst, tracked, metric, options, a["direction"])
    if pictures is not None:
        options["pictures"] = pictures

    scored = score(data, inst, items=a["items"], min_answered=a["min_answered"], missing=a["missing"],
                   not_applicable=a["not_applicable"], labels=a["labels"])
    status = scored["status"].cat.codes.to_numpy().astype(np.int8)
    messages = np.where(status != 0, scored["message"].to_numpy(dtype=object), None)
    tracked_score = scored[f"{inst.column_stems[tracked]}_{metric}"].to_numpy(dtype=float, na_value=np.nan)
    table = _alliance.track_table(inst, tracked, metric, _key_texts(clients), _session_cells(sessions),
                                  status, messages, tracked_score, a["direction"], options, data.index)
    if pictures is not None:
        return Pictures(table["pictures"])
    if summary:  # a boolean: the library checked it; one row per client, indexed by client (as groupby)
        out = _frame_of_table(table, cells=sessions.to_numpy(dtype=object))
        return out.set_index(out.columns[0]).rename_axis(clients.name)
    columns = _frame_of_table(table, index=data.index)
    scales = scored.drop(columns=["status", "message"]).mask(columns["status"] == "error", axis=0)
    keys = [key for key, column in ((clients, client_column), (sessions, session_column)) if column]  # levels: in the index
    return pd.concat([*keys, scales, columns], axis=1)


# ---------------------------------------------------------------------------------------------
# Pictures: the library's SVG writers (alliance/plot), what they show decided by the table layer
# (alliance/table/pictures.hpp), the same pictures as `alliance plot`.

def _bound(function, *args, **kwargs) -> dict:
    """``function``'s arguments as a call would bind them (defaults filled in); a wrong or
    missing one raises TypeError as the call would."""
    import inspect
    bound = inspect.signature(function).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def plot_trajectory(data: pd.DataFrame, instrument, *, clients=None, range=None, title: Optional[str] = None,
                    **track_arguments) -> Pictures:
    """Each client's trajectory as ``alliance plot trajectory`` draws it: the tracked scale by
    session, the flagged side of the cut-off shaded (the below-cutoff rule's, else the
    instrument's own published cut-off for the scale), each rupture marked at its lowest point and
    joined to its repair (with ``rule`` including ``"v-episode"``).

    ``track_arguments`` are ``track``'s (``client``, ``session``, ``direction``, ``rule`` and the
    rules' parameters, ``items``, ...; not ``summary``). ``clients`` limits the pictures to those
    clients; ``range`` is the score axis (LO, HI; default: the scale's possible range);
    ``title`` the prefix of every title (default: the instrument's name).

    Returns Pictures (a dict by client of Picture, in client order): Jupyter shows them inline;
    ``.save(directory)`` writes one SVG file per client, named as the command line names them.

    >>> visits = pd.DataFrame({"client": ["a", "a", "a"], "session": [1, 2, 3],
    ...                        "srs_1": [9.0, 5.0, 9.0], "srs_2": [9.0, 5.0, 9.0],
    ...                        "srs_3": [9.0, 5.0, 9.0], "srs_4": [9.0, 5.0, 9.0]})
    >>> pictures = alliance.plot_trajectory(visits, "srs", items="srs_{}", client="client", session="session",
    ...                                     direction="higher", rule="below-cutoff")
    >>> pictures["a"].name, pictures["a"].svg[:4]
    ('a', '<svg')
    """
    if "summary" in track_arguments:
        raise TypeError("plot_trajectory() got an unexpected keyword argument 'summary'")
    arguments = _bound(track, data, instrument, **track_arguments)
    return _track(arguments, pictures=dict(clients=clients, range=range, title=title))


def plot_change(pre, post, *, range=None, title: Optional[str] = None, label: Optional[str] = None,
                **reliable_change_arguments) -> Picture:
    """The Jacobson-Truax scatter of ``reliable_change(pre, post, ...)``, as ``alliance plot
    change`` draws it: post against pre, the line of no change, the band inside which change is
    not reliable, the cut-off on both axes, each client coloured by category. Rows that are not
    ok (a missing pre or post score, an error) are left out.

    ``reliable_change_arguments`` are ``reliable_change``'s (``sd``, ``reliability``,
    ``direction``, ``method``, ``cutoff``, ...). ``range`` both axes (LO, HI; default: from the
    data), ``title`` and ``label`` the title and the axis label.

    Returns a Picture: Jupyter shows it inline; ``.save(path)`` writes the SVG file.
    """
    options = _change_options(_bound(reliable_change, pre, post, **reliable_change_arguments))
    return _change(pre, post, options, picture=dict(range=range, title=title, label=label))


def plot_split_alliance(data: pd.DataFrame, *, score: str, unit: str, member: str, session: str, units=None,
                        range=None, title: Optional[str] = None, label: Optional[str] = None) -> Pictures:
    """Each unit's members by session, as ``alliance plot split`` draws them: one line and marker
    per member. ``data`` is ``split_alliance``'s, with a ``session`` column of numbers. A row
    without a usable score or member, or a member with two rows in one session, is left out.
    ``units`` limits the pictures; ``range`` the score axis (LO, HI; default: from the data);
    ``title`` the prefix of every title (default: "unit"); ``label`` the score axis (default:
    the score column).

    Returns Pictures (a dict by unit of Picture, in the byte order of the units' names, as the
    command line draws them): Jupyter shows them inline; ``.save(directory)`` writes one SVG file
    per unit.
    """
    return _split(data, score, unit, member, session, None, None, None, False, None,
                  picture=dict(units=units, range=range, title=title, label=label))
