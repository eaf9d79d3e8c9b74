"""Two fixes of the table layer (alliance/table/pairing.hpp, alliance/published.hpp):

- inputs that pair (pre/post, scores/scores_b, a group's mean/sd/n) are paired by their index as
  pandas aligns ``post - pre``, or refused naming the first label that differs; never by position
  when both carry an index (that reported one client's change as another's after a sort);
- an instrument's published data travel with it: a key file's own cut-off is used by
  ``track(rule="below-cutoff")`` and ``score(classify=True)``, and a key file reusing the id of a
  built-in gets none of the built-in's.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import alliance

KEYS = Path(__file__).resolve().parents[3] / "tests" / "data" / "keys"


def test_reliable_change_pairs_two_series_by_index_as_pandas_does():
    pre = pd.Series([10.0, 20.0, 30.0], index=["a", "b", "c"])
    post = pd.Series([35.0, 12.0, 21.0], index=["c", "a", "b"])  # the same clients, another order
    got = alliance.reliable_change(pre, post, sd=5, reliability=0.8, direction="higher")
    assert list(got.index) == ["a", "b", "c"]
    pd.testing.assert_series_equal(got["difference"], (post - pre).rename("difference"), check_names=False)
    assert got.loc["a", "difference"] == 2.0
    assert got.loc["c", "difference"] == 5.0


def test_reliable_change_refuses_indexes_that_differ_naming_the_first_label():
    pre = pd.Series([10.0, 20.0, 30.0], index=["a", "b", "c"])
    post = pd.Series([12.0, 21.0, 35.0], index=["a", "b", "d"])
    with pytest.raises(ValueError, match=r"pre and post are paired by label, and post has no 'c' \(pre's row 3\)"):
        alliance.reliable_change(pre, post, sd=5, reliability=0.8, direction="higher")
    twice = pd.Series([12.0, 21.0, 35.0], index=["a", "a", "c"])
    with pytest.raises(ValueError, match="post has the label 'a' twice"):
        alliance.reliable_change(pre, twice, sd=5, reliability=0.8, direction="higher")
    with pytest.raises(ValueError, match="pre has 3 values and post 2; without labels they pair by position"):
        alliance.reliable_change(pre, [1.0, 2.0], sd=5, reliability=0.8, direction="higher")


def test_reliable_change_pairs_by_position_when_one_input_has_no_index():
    pre = pd.Series([10.0, 20.0], index=["x", "y"])
    got = alliance.reliable_change(pre, np.array([15.0, 18.0]), sd=5, reliability=0.8, direction="higher")
    assert list(got.index) == ["x", "y"]
    assert got["difference"].tolist() == [5.0, -2.0]


def test_normative_compare_pairs_scores_b_by_index():
    scores = pd.Series([12.0, 8.0], index=[101, 102])
    options = dict(mean=10, sd=2, n=30, mean_b=0, sd_b=1, correlation=0.5, draws=1000, seed=3)
    shuffled = alliance.normative_compare(scores, scores_b=pd.Series([-0.5, 1.5], index=[102, 101]), **options)
    aligned = alliance.normative_compare(scores, scores_b=pd.Series([1.5, -0.5], index=[101, 102]), **options)
    pd.testing.assert_frame_equal(shuffled, aligned)
    with pytest.raises(ValueError, match="scores and scores_b are paired by label, and scores_b has no 102"):
        alliance.normative_compare(scores, scores_b=pd.Series([1.5, -0.5], index=[101, 103]), **options)


def test_normative_equivalence_pairs_its_three_inputs_by_index():
    means = pd.Series([12.0, 9.0], index=["g1", "g2"])
    sds = pd.Series([3.0, 4.0], index=["g2", "g1"])
    ns = pd.Series([20, 10], index=["g2", "g1"])
    got = alliance.normative_equivalence(means, sds, ns, mean=10, sd=4, n=10, delta=4)
    want = alliance.normative_equivalence([12.0, 9.0], [4.0, 3.0], [10, 20], mean=10, sd=4, n=10, delta=4)
    np.testing.assert_allclose(got["t_upper"].to_numpy(), want["t_upper"].to_numpy())
    assert list(got.index) == ["g1", "g2"]


def _srs_series():
    return pd.DataFrame({"client": ["a", "a"], "session": [1, 2], "item1": [8, 7.5], "item2": [8, 7.5],
                         "item3": [8, 7.5], "item4": [9, 7.5]})


def test_track_key_file_uses_its_own_cutoff_not_the_builtin_of_the_same_id():
    base = dict(client="client", session="session", direction="higher", rule="below-cutoff")
    own = alliance.track(_srs_series(), str(KEYS / "srs-own-cutoff.json"), **base)
    # The key file's cut-off is "at or below 30": 33 is not flagged, 30 is. The built-in's (< 36) flags both.
    assert own["score"].tolist() == [33.0, 30.0]
    builtin = alliance.track(_srs_series(), "srs", **base)
    flagged = [isinstance(f, str) and "below-cutoff" in f for f in own["alerts"]]
    flagged_builtin = [isinstance(f, str) and "below-cutoff" in f for f in builtin["alerts"]]
    assert flagged == [False, True]
    assert flagged_builtin == [True, True]
    with pytest.raises(ValueError, match="srs has no cut-off for scale 'total'"):
        alliance.track(_srs_series(), str(KEYS / "srs-no-cutoff.json"), **base)


def test_score_classify_uses_the_key_files_own_cutoff():
    data = _srs_series()
    own = alliance.score(data, str(KEYS / "srs-own-cutoff.json"), classify=True)
    assert "lab-srs-30" in own.columns and "srs-total-36" not in own.columns
    assert own["lab-srs-30"].tolist()[1] in (1, True, "yes")
    bare = alliance.score(data, str(KEYS / "srs-no-cutoff.json"), classify=True)
    assert "srs-total-36" not in bare.columns
    assert "srs-total-36" in alliance.score(data, "srs", classify=True).columns


def test_track_norm_is_one_of_the_instruments_own():
    base = dict(client="client", session="session", direction="higher", rule="reliable-drop",
                previous="last-scored", reliability=0.9, critical_value=1.0)
    key = str(KEYS / "srs-own-cutoff.json")
    pd.testing.assert_frame_equal(alliance.track(_srs_series(), key, norm="lab-srs-clinic", **base),
                                  alliance.track(_srs_series(), key, sd=4.8, **base))
    with pytest.raises(ValueError, match="norm: no norm 'core-10-uk-general-population-2007' for srs; it has "
                                         "lab-srs-clinic"):
        alliance.track(_srs_series(), key, norm="core-10-uk-general-population-2007", **base)
    with pytest.raises(ValueError, match=r"no norm 'lab-srs-clinic' for srs \(it has none\)"):
        alliance.track(_srs_series(), "srs", norm="lab-srs-clinic", **base)
