"""Pictures from the package: the same SVG documents, byte for byte, as `alliance plot` draws
from the same data (one drawing code, alliance/plot, and one rule of what a picture shows,
alliance/table/pictures.hpp); shown inline in Jupyter; saved whole."""
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import alliance

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "data"

V_EPISODE = dict(rule=["below-cutoff", "v-episode"], k="stiles-2004", sd_basis="stricter", external_sd=2.5,
                 reference="previous-session", max_decline=1, repair_window=3, repair_target="pre-rupture-score",
                 repair_margin=0, min_sessions=4)
V_EPISODE_CLI = ["--rule", "below-cutoff,v-episode", "--k", "stiles-2004", "--sd-basis", "stricter",
                 "--external-sd", "2.5", "--reference", "previous-session", "--max-decline", "1",
                 "--repair-window", "3", "--repair-target", "pre-rupture-score", "--repair-margin", "0",
                 "--min-sessions", "4"]


def _command_line():
    for preset in ("dev", "release", "clang"):
        program = ROOT / "build" / preset / "tools" / "alliance" / "alliance"
        if program.exists():
            return program
    pytest.skip("the command line is not built (cmake --preset dev; cmake --build build/dev --target alliance)")


def _cli(*args, stdin=None):
    done = subprocess.run([str(_command_line()), *map(str, args)], capture_output=True, text=True, input=stdin)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _files(directory: Path) -> dict:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.svg"))}


def test_plot_trajectory_draws_what_the_command_line_draws(tmp_path):
    _cli("plot", "trajectory", "--instrument", "srs", "--items", "srs_{}", "--client", "client", "--session",
         "session", "--higher-is-better", *V_EPISODE_CLI, "--output-dir", tmp_path / "cli", "-q",
         EXAMPLES / "srs_caseload.csv")
    expected = _files(tmp_path / "cli")
    pictures = alliance.plot_trajectory(pd.read_csv(EXAMPLES / "srs_caseload.csv"), "srs", items="srs_{}",
                                        client="client", session="session", direction="higher", **V_EPISODE)
    assert len(expected) >= 3
    assert {picture.file: picture.svg for picture in pictures.values()} == expected
    assert sorted(pictures.save(tmp_path / "package")) == sorted(str(tmp_path / "package" / f) for f in expected)
    assert _files(tmp_path / "package") == expected


def test_plot_trajectory_limits_clients_and_takes_range_and_title(tmp_path):
    data = pd.read_csv(EXAMPLES / "srs_caseload.csv")
    _cli("plot", "trajectory", "--instrument", "srs", "--items", "srs_{}", "--client", "client", "--session",
         "session", "--higher-is-better", "--rule", "below-cutoff", "--clients", "chloe", "--range", "20,40",
         "--title", "Clinic", "--output-dir", tmp_path, "-q", EXAMPLES / "srs_caseload.csv")
    pictures = alliance.plot_trajectory(data, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", rule="below-cutoff", clients=["chloe"], range=(20, 40),
                                        title="Clinic")
    assert list(pictures) == ["chloe"]
    assert pictures["chloe"].svg == (tmp_path / "chloe.svg").read_text(encoding="utf-8")
    assert "Clinic: chloe" in pictures["chloe"].svg


def test_plot_change_draws_what_the_command_line_draws(tmp_path):
    options = ["--pre", "ors_pre", "--post", "ors_post", "--higher-is-better", "--sd", "7.7", "--reliability", "0.8",
               "--cutoff-value", "25"]
    changed = _cli("change", *options, "--keep", "ors_pre,ors_post", "-q", EXAMPLES / "ors_pre_post.csv")
    expected = _cli("plot", "change", "--pre", "ors_pre", "--post", "ors_post", "-q", "-", stdin=changed)
    data = pd.read_csv(EXAMPLES / "ors_pre_post.csv")
    picture = alliance.plot_change(data["ors_pre"], data["ors_post"], direction="higher", sd=7.7, reliability=0.8,
                                   cutoff=25)
    assert picture.svg == expected
    assert picture._repr_svg_() == expected
    path = tmp_path / "jt.svg"
    assert picture.save(path) == str(path)
    assert path.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["jt.svg"]  # no temporary file left beside it


def test_plot_split_alliance_draws_what_the_command_line_draws(tmp_path):
    members = pd.DataFrame({"couple": ["c1", "c1", "c1", "c1", "c2", "c2", "c 3", "c 3"],
                            "member": ["a", "b", "a", "b", "a", "b", "a", "a"],
                            "session": [1, 1, 2, 2, 1, 1, 1, 2],
                            "total": [60.0, 55.0, 62.0, np.nan, 70.0, 71.0, 50.0, 52.0]})
    members.to_csv(tmp_path / "members.csv", index=False)
    _cli("plot", "split", "--score", "total", "--unit", "couple", "--member", "member", "--session", "session",
         "--output-dir", tmp_path / "cli", "-q", tmp_path / "members.csv")
    pictures = alliance.plot_split_alliance(members, score="total", unit="couple", member="member", session="session")
    assert list(pictures) == ["c 3", "c1", "c2"]  # in the byte order of the units, as the command line draws them
    assert {picture.file: picture.svg for picture in pictures.values()} == _files(tmp_path / "cli")
    assert list(alliance.plot_split_alliance(members, score="total", unit="couple", member="member",
                                             session="session", units="c2")) == ["c2"]


def test_pictures_show_inline_in_jupyter():
    pictures = alliance.plot_split_alliance(pd.DataFrame({"u": ["x", "x"], "m": ["a", "b"], "s": [1, 1],
                                                          "v": [1.0, 2.0]}), score="v", unit="u", member="m",
                                            session="s")
    svg = pictures["x"]._repr_svg_()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert pictures._repr_html_().count("<svg") == 1
    assert repr(pictures["x"]).startswith("<alliance.Picture 'x': SVG")


@pytest.mark.parametrize("call, error, message", [
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", range=(40, 20)),
     ValueError, r"^range expects LO,HI with LO below HI, not \(40, 20\)$"),
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", range="20,40"),
     TypeError, "^range expects two numbers"),
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", range=(0, float("nan"))),
     ValueError, "^range expects a number, not nan$"),
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", summary=True),
     TypeError, "unexpected keyword argument 'summary'"),
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", colour="red"),
     TypeError, "unexpected keyword argument 'colour'"),
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session"),
     TypeError, "missing a required argument: 'direction'"),
    (lambda d: alliance.plot_trajectory(d, "srs", items="srs_{}", client="client", session="session",
                                        direction="higher", title=3),
     TypeError, "^title expects text, not 3$"),
    (lambda d: alliance.plot_change([10.0], [15.0], direction="higher", sd=1.0, reliability=0.8,
                                    range=(-1e308, 1e308)),
     ValueError, "too far apart to draw .*; give range or leave those rows out$"),
])
def test_picture_arguments_are_checked_by_the_library(call, error, message):
    with pytest.raises(error, match=message):
        call(pd.read_csv(EXAMPLES / "srs_caseload.csv"))


def test_a_failed_save_leaves_no_file(tmp_path):
    picture = alliance.plot_change([10.0, 20.0], [15.0, 18.0], direction="higher", sd=5.0, reliability=0.8)
    with pytest.raises(OSError):
        picture.save(tmp_path / "no-such-folder" / "jt.svg")
    assert list(tmp_path.iterdir()) == []
    os.chmod(tmp_path, 0o500)
    try:
        if os.access(tmp_path, os.W_OK):  # root writes anyway: nothing to check
            return
        with pytest.raises(OSError):
            picture.save(tmp_path / "jt.svg")
        assert list(tmp_path.iterdir()) == []
    finally:
        os.chmod(tmp_path, 0o700)
