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

import math
import numbers
import os
from typing import Any, Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import _alliance
from ._alliance import Instrument

__all__ = [
    "Instrument",
    "ResponseError",
    "DefinitionError",
    "ColumnError",
    "instruments",
    "instrument",
    "load_key",
    "score",
    "explain_score",
    "reliable_change",
    "track",
    "normative_equivalence",
    "scale_reliability",
    "icc",
    "normative_compare",
    "split_alliance",
]

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
    ``verification``, ``response_scale``.

    >>> wai = alliance.instrument("wai-sr")
    >>> wai.items, wai.scales
    (12, ['task', 'goal', 'bond', 'total'])
    """
    return _alliance.builtin(id)


def load_key(path: Union[str, os.PathLike]) -> Instrument:
    """An instrument from a JSON key file (docs/key-files.md), checked by the library's validator.

    Raises DefinitionError naming the file, the field and the problem.

    >>> lab = alliance.load_key("examples/keys/example-lab-alliance.json")
    >>> lab.id
    'example-lab-alliance'
    """
    return _alliance.load_key(os.fspath(path))


def _resolve(spec: Any) -> Instrument:
    """An Instrument from an Instrument, a built-in id or a key-file path."""
    if isinstance(spec, Instrument):
        return spec
    if isinstance(spec, os.PathLike):
        return load_key(spec)
    if isinstance(spec, str):
        if spec in _alliance.builtin_ids():
            return _alliance.builtin(spec)
        if os.path.exists(spec):
            return load_key(spec)
        raise KeyError(_alliance.unknown_instrument_message(spec))
    raise TypeError(f"instrument must be an alliance.Instrument, a built-in id or a key-file path, not {type(spec).__name__}")


# ------------------------------------------------------------------------------------------------
# Reading responses


def _is_missing_scalar(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _codes(codes: Any) -> list:
    if codes is None:
        return []
    if isinstance(codes, (str, numbers.Number)):
        return [codes]
    return list(codes)


def _column_to_float(column: pd.Series, name: str, missing: list, not_applicable: list, labels, problems):
    """One item column as float64 (NaN = missing) and a bool mask of "does not apply".

    Text that is neither a number nor a code makes its row an error; ``problems`` collects
    (row position, column name) of each such cell (``labels`` is not used).
    """
    n = len(column)
    na = np.zeros(n, dtype=bool)
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = pd.Series(dtype.categories)
        values_c, na_c, bad_c = _objects_to_float(categories.to_numpy(dtype=object), missing, not_applicable)
        codes = column.cat.codes.to_numpy()
        values = np.where(codes >= 0, values_c[codes], np.nan)
        na = np.where(codes >= 0, na_c[codes], False)
        bad = np.where(codes >= 0, bad_c[codes], False)
    elif pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype) or \
            pd.api.types.is_timedelta64_dtype(dtype) or pd.api.types.is_complex_dtype(dtype):
        raise TypeError(f"column '{name}' has dtype {dtype}; answers must be numbers (or text holding numbers and codes)")
    elif pd.api.types.is_numeric_dtype(dtype):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        if missing or not_applicable:
            numeric_missing = [c for c in missing if isinstance(c, numbers.Number)]
            numeric_na = [c for c in not_applicable if isinstance(c, numbers.Number)]
            if numeric_na:
                na = np.isin(values, numeric_na)
                values = np.where(na, np.nan, values)
            if numeric_missing:
                values = np.where(np.isin(values, numeric_missing), np.nan, values)
        return values, na
    else:  # object, string
        raw = column.to_numpy(dtype=object)
        values, na, bad = _objects_to_float(raw, missing, not_applicable)
    problems.extend((int(position), name) for position in np.flatnonzero(bad))
    return values, na


def _objects_to_float(raw: np.ndarray, missing: list, not_applicable: list):
    """Object cells as numbers: texts through the library's definition (alliance/table/cells.hpp),
    each distinct text read once; Python numbers as they are, compared with numeric codes."""
    values, kinds = _alliance.read_object_column(raw, [str(c) for c in missing], [str(c) for c in not_applicable])
    # "nan" typed as text is a number that is not finite: not an answer, never missing.
    bad = (kinds == 3) | ((kinds == 0) & np.isnan(values))
    na = kinds == 2
    others = np.flatnonzero(kinds == 4)  # not text: Python numbers, booleans, other objects
    for i in others:
        value = raw[i]
        if _is_missing_scalar(value):
            continue
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            bad[i] = True  # True is no answer; complex numbers and other objects neither
        elif value in not_applicable:
            na[i] = True
        elif value not in missing:
            try:
                values[i] = float(value)
            except OverflowError:  # an integer beyond any float
                bad[i] = True
    return values, na, bad


def _header(data: pd.DataFrame) -> list:
    """The DataFrame's column names as texts (the library finds columns among them)."""
    return [str(name) for name in data.columns]


def _responses(data, inst: Instrument, items: str, missing, not_applicable):
    """(item columns as 1-D arrays, not-applicable mask or None, row labels, item column names, problems:
    the (row position, item index) of each cell that is no answer)."""
    if isinstance(data, pd.DataFrame):
        names = _alliance.item_columns(items, inst.items, _header(data))
        labels = data.index
        missing_codes = list(_DEFAULT_MISSING_CODES) if missing is None else _codes(missing)
        na_codes = _codes(not_applicable)
        problems: list = []
        columns = []
        mask = None
        for j, name in enumerate(names):
            column = data[name]
            dtype = column.dtype
            if isinstance(dtype, np.dtype) and dtype.kind in "if" and not (missing_codes_numeric(missing_codes) or na_codes):
                # Read in place by the C++ loop: float64 and signed integers as they are (no copy).
                values = column.to_numpy()
                if dtype not in _READ_IN_PLACE:
                    values = values.astype(np.float64)  # one copy of this column (float32, unsigned)
                columns.append(values)
                continue
            found: list = []
            values, na = _column_to_float(column, name, missing_codes, na_codes, labels, found)
            problems.extend((position, j) for position, _ in found)
            columns.append(values)
            if na.any():
                if mask is None:
                    mask = np.zeros((len(data), len(names)), dtype=bool)
                mask[:, j] = na
        return columns, mask, labels, names, problems
    if isinstance(data, np.ndarray):
        if data.ndim != 2:
            raise ValueError(f"a numpy array of responses must be 2-D (records x items), not {data.ndim}-D")
        if data.shape[1] != inst.items:
            raise ValueError(f"the array has {data.shape[1]} columns; {inst.id} has {inst.items} items")
        if data.dtype in _READ_IN_PLACE:
            matrix = data  # read in place through its strides, whatever its layout (C, F, sliced)
        elif data.dtype.kind in "iuf":
            matrix = data.astype(np.float64)  # a copy: float32 and unsigned dtypes are converted
        else:
            raise TypeError(f"a numpy array of responses must hold numbers (float64 and signed integers are "
                            f"read without a copy), not {data.dtype}")
        names = [f"column {j + 1}" for j in range(inst.items)]
        return [matrix[:, j] for j in range(inst.items)], None, pd.RangeIndex(len(data)), names, []
    raise TypeError(f"data must be a pandas DataFrame or a 2-D numpy array, not {type(data).__name__}")


def missing_codes_numeric(codes: list) -> bool:
    return any(isinstance(c, numbers.Number) for c in codes)


# ------------------------------------------------------------------------------------------------
# Scoring


def score(data, instrument, items: str = "item{}", min_answered: Optional[float] = None, missing=None,
          not_applicable=None, errors: str = "row", classify: bool = False) -> pd.DataFrame:
    """Score every record of ``data`` with one instrument.

    Parameters
    ----------
    data : pandas.DataFrame or 2-D numpy array
        A DataFrame whose item columns are named by ``items``; or an array with one column per
        item (NaN = missing). A float64 array is read in place, whatever its memory layout; other
        numeric dtypes are converted (one copy).
    instrument : str, os.PathLike or Instrument
        A built-in id (``alliance.instruments()``), a key-file path, or an Instrument.
    items : str
        Item column names, ``{}`` standing for the item number 1..N (default ``"item{}"``).
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
    if errors not in ("row", "raise"):
        raise ValueError(f"errors must be 'row' or 'raise', not {errors!r}")
    inst = _resolve(instrument)
    fraction = _alliance.min_answered(min_answered)
    columns_in, mask, labels, names, unreadable = _responses(data, inst, items, missing, not_applicable)
    # Scored, and every message written, by the table layer (alliance/table/score_table.hpp).
    block = _alliance.score_block(inst, columns_in, mask, fraction, unreadable, lambda row: labels[row],
                                  _cell_text(data, names), names, *_code_texts(missing, not_applicable))
    if errors == "raise" and block["first_problem"] is not None:
        raise ResponseError(block["first_problem"])
    row_status = block["row_status"]
    n = len(row_status)
    messages = np.full(n, np.nan, dtype=object)
    messages[block["message_rows"]] = block["messages"]
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
    columns["status"] = pd.Categorical.from_codes(row_status, categories=_ROW_STATUS)
    index = labels if isinstance(data, pd.DataFrame) else pd.RangeIndex(n)
    # An object Series with its dtype given: pandas does not scan a million cells for dates.
    columns["message"] = pd.Series(messages, index=index, dtype=object, copy=False)
    return pd.DataFrame(columns, index=index, copy=False)


def _code_texts(missing, not_applicable) -> tuple:
    """The missing and not-applicable codes as texts, as a message lists them."""
    codes = list(_DEFAULT_MISSING_CODES) if missing is None else _codes(missing)
    return [str(c) for c in codes], [str(c) for c in _codes(not_applicable)]


def _cell_text(data, names: list):
    """cell(row, item): the cell of item `item` (0-based) in row `row` (a position) as a message shows it."""
    if isinstance(data, pd.DataFrame):
        return lambda row, item: _shown(data[names[item]].iloc[row])
    return lambda row, item: _shown(data[row, item])


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (np.floating,)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def explain_score(responses: Iterable, instrument, min_answered: Optional[float] = None, missing=None,
            not_applicable=None) -> str:
    """The scoring of one record step by step, as ``alliance explain`` prints it.

    ``responses`` lists the answers in item order: numbers, None or NaN (missing), or texts read
    as score() reads a cell, with the codes ``missing`` (default ``""`` and ``"NA"``) and
    ``not_applicable`` (default none; e.g. ``"n/a"``), as ``alliance explain --missing
    --not-applicable``. An answer out of range is listed, never raised; a text that is no answer
    raises ValueError.

    >>> print(alliance.explain_score([4, 5, None, 3, 5, 4, 4, 3, 5, 4, 4, 5], "wai-sr").splitlines()[0])
    wai-sr: Working Alliance Inventory - Short Revised, client form
    """
    answers = responses.tolist() if hasattr(responses, "tolist") else list(responses)
    return _alliance.explain_text(_resolve(instrument), answers, _alliance.min_answered(min_answered),
                                  *_code_texts(missing, not_applicable))


# ------------------------------------------------------------------------------------------------
# Statistics



def _series(values, name: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    else:
        series = pd.Series(np.asarray(values))
    try:
        return pd.to_numeric(series, errors="raise").astype("float64")
    except (ValueError, TypeError) as problem:
        raise TypeError(f"{name} must hold numbers: {problem}") from None


def _frame_of(block, index) -> pd.DataFrame:
    """A block of the table layer (alliance/table/block.hpp) as a DataFrame: its columns, then
    status and message (the library's, for partial and error rows)."""
    rs = block["row_status"]
    columns = {name: block["values"][i] for i, name in enumerate(block["columns"])}
    for name in block["yes_no"]:
        columns[name] = np.where(rs == 0, np.where(columns[name] == 1, "yes", "no"), None)
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
    options = dict(direction=direction, method=method, norm=norm, mean=mean, sd=sd, post_mean=post_mean, post_sd=post_sd,
                   reliability=reliability, post_reliability=post_reliability,
                   prepost_correlation=prepost_correlation, confidence=confidence, critical_value=critical_value,
                   clinical_mean=clinical_mean, clinical_sd=clinical_sd, functional_mean=functional_mean,
                   functional_sd=functional_sd, recovery_rule=recovery_rule)
    # cutoff is a letter or a number: the library's request has the two apart
    options["cutoff" if isinstance(cutoff, str) else "cutoff_value"] = cutoff
    pre_s, post_s = _series(pre, "pre"), _series(post, "post")
    index = pre_s.index if isinstance(pre, pd.Series) else (post_s.index if isinstance(post, pd.Series) else None)
    post_s = _paired(pre, post, pre_s, post_s, ("pre", "post"))
    block = _alliance.change_block(pre_s.to_numpy(), post_s.to_numpy(), options,
                                   [_name(pre, "pre"), _name(post, "post")])
    out = _frame_of(block, index)
    out.attrs["estimated"] = dict(block["estimated"])
    return out


def icc(ratings, confidence: float = 0.95) -> pd.DataFrame:
    """The six Shrout & Fleiss (1979) intraclass correlations of a targets x raters table, as
    ``alliance icc`` (psych's ICC(), the ANOVA route).

    ``ratings``: a DataFrame (one column per rater; numbers, or text read as ``score`` reads
    it; NaN/None/pd.NA = not rated) or a 2-D array. A row with a missing rating is left out
    (listwise); a row with a rating that is no finite number is left out and named. Rows ICC1,
    ICC2, ICC3, ICC1k, ICC2k, ICC3k; columns form, icc, lower, upper (at ``confidence``), n
    (targets used), k (raters), f, df1, df2, p, status (ok; partial when rows were left out;
    error when nothing could be computed, with the reason) and message. The rules and messages
    are the library's (alliance/table/reliability.hpp), the same as the command's.

    >>> sf = pd.read_csv("examples/data/shrout_fleiss_1979.csv")
    >>> alliance.icc(sf[["judge1", "judge2", "judge3", "judge4"]]).set_index("form").loc["ICC3", "icc"].round(2)
    0.71
    """
    if isinstance(ratings, pd.DataFrame):
        values, kinds = [], []
        for j in range(ratings.shape[1]):
            problems: list = []
            column, _ = _column_to_float(ratings.iloc[:, j], str(ratings.columns[j]), list(_DEFAULT_MISSING_CODES), [],
                                         ratings.index, problems)
            values.append(column)
            kinds.append(None if not problems else np.where(np.isnan(column), 1, 0).astype(np.int8))
            if problems:
                kinds[-1][[position for position, _ in problems]] = 3
        labels = ratings.index
    else:
        matrix = _numeric_matrix(ratings, "ratings")
        values, kinds, labels = [matrix[:, j] for j in range(matrix.shape[1])], [], pd.RangeIndex(len(matrix))
    return _frame_of_table(_alliance.icc_table(values, kinds, dict(confidence=confidence), labels))


def _numeric_matrix(data, what: str) -> np.ndarray:
    array = np.asarray(data, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"{what} must be 2-D")
    return array


def scale_reliability(data, instrument, item_detail: bool = False, items: str = "item{}", missing=None,
                not_applicable=None, confidence: float = 0.95) -> pd.DataFrame:
    """The internal consistency of every scale of an instrument, as ``alliance reliability``.

    ``data`` is read as by ``score`` (item columns by the ``items`` pattern, ``missing`` and
    ``not_applicable`` codes). Items are reverse-keyed on the instrument's nominal scale; a row
    with a missing answer to an item of a scale is left out of that scale only (listwise per
    scale); a row with an invalid answer (one that ``score`` makes an error row) is left out of
    every scale, and the messages count and name such rows.

    One row per scale (the total last): scale, n (rows used), k, alpha, alpha_standardized,
    alpha_lower, alpha_upper (Feldt 1965, at ``confidence``), sem (empty when alpha <= 0),
    status (ok; partial when rows were left out; error when nothing could be computed) and
    message. With ``item_detail=True`` one row per item of each scale instead: scale, item,
    reversed, mean, sd, r_drop, alpha_if_deleted, status, message. The rules and messages are
    the library's (alliance/table/reliability.hpp), the same as the command's.

    >>> sample = pd.read_csv("examples/data/wai_sr_sample.csv").set_index("client")
    >>> alpha = alliance.scale_reliability(sample, "wai-sr")
    >>> alpha[["scale", "n", "alpha", "status"]].round(4)
       scale   n   alpha   status
    0   task  36  0.4860  partial
    1   goal  33  0.6417  partial
    2   bond  34  0.5586  partial
    3  total  31  0.8289  partial
    >>> alpha.loc[1, "message"]
    '3 rows with a missing answer left out (listwise); 4 rows with invalid values left out (row c003, row c005, row c009 and row c010)'
    """
    inst = _resolve(instrument)
    columns_in, mask, labels, names, problems = _responses(data, inst, items, missing, not_applicable)
    unreadable = np.zeros(len(labels), dtype=bool)  # rows with a cell that is no answer (read as missing)
    unreadable[np.asarray([problem[0] for problem in problems], dtype=np.intp)] = True
    matrix = np.empty((len(labels), inst.items), dtype=np.float64)
    for j, column in enumerate(columns_in):
        matrix[:, j] = column
    table = _alliance.reliability_table(inst, matrix, mask, unreadable, dict(confidence=confidence),
                                        bool(item_detail), labels)
    return _frame_of_table(table)

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
    b_values = None
    if scores_b is not None:
        b_values = _paired(scores, scores_b, values, _series(scores_b, "scores_b"), ("scores", "scores_b")).to_numpy()
    options = dict(mean=mean, sd=sd, n=n, norm=norm, confidence=confidence, bayesian=bayesian, mean_b=mean_b,
                   sd_b=sd_b, correlation=correlation, prior=prior, unstandardised=unstandardised, draws=draws,
                   seed=seed)
    block = _alliance.normative_compare_block(values.to_numpy(), b_values, options,
                                              [_name(scores, "score"), _name(scores_b, "score_b")])
    return _frame_of(block, values.index if isinstance(scores, pd.Series) else None)


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
    equivalent (yes when both one-sided p < alpha), t_difference, p_difference (two-tailed),
    different (yes when p_difference < alpha), status, message.

    >>> eq = alliance.normative_equivalence([12.0], [4.0], [10], mean=10, sd=4, n=10, delta=4)
    >>> eq.loc[0, ["difference", "df", "equivalent"]].tolist()   # t_upper = (2 - 4) / 1.789 = -1.118
    [2.0, 18.0, 'no']
    """
    given = (group_mean, "group_mean"), (group_sd, "group_sd"), (group_n, "group_n")
    series = [_series(v, name) for v, name in given]
    # Each of the three paired with group_mean: by index where both are Series, else by position.
    for k in (1, 2):
        series[k] = _paired(group_mean, given[k][0], series[0], series[k], ("group_mean", given[k][1]))
    names = [_name(v, default) for v, default in given]
    block = _alliance.equivalence_block(series[0].to_numpy(), series[1].to_numpy(), series[2].to_numpy(), float(mean),
                                        float(sd), float(n), None if delta is None else float(delta),
                                        None if delta_sd is None else float(delta_sd), bool(welch), float(alpha),
                                        names)
    index = next((v.index for v in (group_mean, group_sd, group_n) if isinstance(v, pd.Series)), None)
    return _frame_of(block, index)


def split_alliance(data: pd.DataFrame, *, score: str, unit: str, member: str, session: Optional[str] = None,
          first: Optional[str] = None, second: Optional[str] = None, threshold: Optional[float] = None,
          summary: bool = False, confidence: Optional[float] = None) -> pd.DataFrame:
    """Split alliances: how far apart the members of one unit (couple, family, dyad) rate the
    same alliance, as ``alliance split``. ``data`` has one row per member (and session).

    One row per unit (and session, with ``session``), in order of first appearance: unit,
    [session,] members, mean, sd (n - 1), min, max, range, and for two-member units first,
    second, first_score, second_score, difference (first - second) and abs_difference. Without
    ``first``/``second`` the two members are ordered by label. ``threshold`` adds ``flag``
    (yes when range >= threshold; no published cut-off exists). A unit with one member, a
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
    _alliance.locate_columns(_header(data), [str(c) for c in [unit, session, member, score] if c is not None])

    def texts(name):  # a column's cells for the library, None where missing
        return None if name is None else _key_texts(data[name])

    numeric = pd.api.types.is_numeric_dtype(data[score].dtype) and not pd.api.types.is_bool_dtype(data[score].dtype)
    scores = data[score].to_numpy(dtype=np.float64, na_value=np.nan) if numeric else texts(score)
    options = dict(score=score, unit=unit, member=member, session=session, first=first, second=second,
                   threshold=threshold, confidence=confidence)
    table = _alliance.split_table(texts(unit), texts(session), texts(member), scores, options, bool(summary),
                                  data.index)
    return _frame_of_table(table)


def _frame_of_table(table: dict, index=None, cells=None) -> pd.DataFrame:
    """A table the library laid out (its columns' kinds: number, count, text, row) as a DataFrame:
    counts as Int64, the status as categorical, a row column as ``cells`` of those rows."""
    columns = {}
    for name, kind, values, empty in table["columns"]:
        if kind == "count":
            values = pd.arrays.IntegerArray(values, empty)
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


def _session_cells(column: pd.Series) -> np.ndarray:
    """A session column as the library takes it: numbers from a numeric column, else texts."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    return _key_texts(column)


def track(data: pd.DataFrame, instrument, *, client: str, session: str, direction: str, rule=None,
          scale: Optional[str] = None, metric: Optional[str] = None, session_dates: bool = False,
          items: str = "item{}", min_answered: Optional[float] = None, missing=None, not_applicable=None,
          summary: bool = False, cutoff_id: Optional[str] = None, cutoff_value: Optional[float] = None,
          cutoff_when: Optional[str] = None, drop_points: Optional[float] = None, previous: Optional[str] = None,
          sd: Optional[float] = None, reliability: Optional[float] = None, norm: Optional[str] = None,
          confidence: Optional[float] = None, critical_value: Optional[float] = None, k=None,
          sd_basis: Optional[str] = None, external_sd: Optional[float] = None, reference: Optional[str] = None,
          max_decline: Optional[int] = None, repair_window: Optional[int] = None,
          repair_target: Optional[str] = None, repair_margin: Optional[float] = None,
          min_sessions: Optional[int] = None, pattern: Optional[str] = None) -> pd.DataFrame:
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
    items, min_answered, missing, not_applicable : as for ``score``.

    Returns
    -------
    Per row: the client and session columns, the four columns of every scale as ``score``
    gives them, ``score``, ``change``, ``change_from_mean``, ``flags`` (';'-separated),
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
    >>> out[["session", "score", "change", "flags"]]
       session  score  change              flags
    0        2   36.0    -2.0               drop
    1        1   38.0     NaN                   
    2        4   36.0    16.0                   
    3        3   20.0   -16.0  below-cutoff;drop
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError("track takes a pandas DataFrame with the client, session and item columns")
    _alliance.locate_columns(_header(data), [str(client), str(session)])
    inst = _resolve(instrument)
    tracked = _alliance.tracked_scale(inst, None if scale is None else str(scale))
    metric = _alliance.scale_metric(inst, tracked) if metric is None else metric
    rules = [r.strip() for r in rule.split(",")] if isinstance(rule, str) else list(rule or [])
    options = {key: value for key, value in dict(
        client=client, session=session, session_dates=session_dates, summary=summary, rule=rules,
        cutoff_id=cutoff_id, cutoff_value=cutoff_value, cutoff_when=cutoff_when, drop_points=drop_points,
        previous=previous, sd=sd, reliability=reliability, norm=norm, confidence=confidence,
        critical_value=critical_value, k=k, sd_basis=sd_basis, external_sd=external_sd, reference=reference,
        max_decline=max_decline, repair_window=repair_window, repair_target=repair_target,
        repair_margin=repair_margin, min_sessions=min_sessions, pattern=pattern).items() if value is not None}
    _alliance.check_track_options(inst, tracked, metric, options, direction)

    scored = score(data, inst, items=items, min_answered=min_answered, missing=missing,
                   not_applicable=not_applicable)
    status = scored["status"].cat.codes.to_numpy().astype(np.int8)
    messages = np.where(status != 0, scored["message"].to_numpy(dtype=object), None)
    tracked_score = scored[f"{inst.column_stems[tracked]}_{metric}"].to_numpy(dtype=float, na_value=np.nan)
    table = _alliance.track_table(inst, tracked, metric, _key_texts(data[client]), _session_cells(data[session]),
                                  status, messages, tracked_score, direction, options, data.index)
    if summary:  # a boolean: the library checked it
        return _frame_of_table(table, cells=data[session].to_numpy(dtype=object))
    columns = _frame_of_table(table, index=data.index)
    scales = scored.drop(columns=["status", "message"]).mask(columns["status"] == "error", axis=0)
    return pd.concat([data[[client, session]], scales, columns], axis=1)

