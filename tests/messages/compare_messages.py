#!/usr/bin/env python3
"""The same bad input must give the same message text in the command line, Python and R.

Every case of cases.json is one bad input (an answer out of range, a cell that is not a number,
an option out of its domain, ...) given to the `alliance` command, the Python package and the R
package. Each front-end's message is taken where that front-end puts it:
  kind "row"   the `message` of the result rows whose status is not `ok` (distinct texts, in
               row order, joined by " | "): the CLI's output CSV, the DataFrame, the data.frame
  kind "call"  the CLI's standard error with exit status 2; Python's exception; R's condition
  kind "trace" the lines under "Not scored" in an explanation (`explain`)
A case passes when all three give the expected kind of message, none is empty, and the three
texts are equal after normalisation. A front-end that gives no message, or another kind of
message (a row where an exception was expected), fails the case.

A case may carry "known_difference": why its messages still differ and where the fix belongs
(the rule is still written in a binding rather than in the table layer). Such a case is
reported as KNOWN and does not fail the run; once its messages agree it is reported as FIXED
and fails the run until the entry is removed, so the list only shrinks and never hides a case
that works.

A case: "id", "kind", "about" (what is wrong), the input as "csv" (lines, given to the CLI on
standard input) or "file" (a path from the repository root, given to the CLI as its FILE),
"cli" (the arguments), "python" and "r" (one expression each, evaluated from the repository
root with the input read into `data`: pandas.read_csv / read.csv, or with "read": "text"
every cell as text, nothing missing but what the front-end itself treats as missing).
"{root}" in an argument or expression is the repository's absolute path (keys/ holds the broken
key files the key-file cases load).

Normalisation sets aside only what the acceptance line allows: the row's label and the
option's spelling in each language, plus the wrappers around a message:
  - the CLI's "alliance <command>: " prefix and a library id "[alliance.x.y] " are removed;
  - row labels (`line 3`, `row 3`, `row 'c003'`, `row c003`) become <row>, lists of them
    (`lines 3, 5`, `rows 2, 4`, `row 2, row 4 and row 9`) <rows>, and a label that opens the
    message, or one of the " | "-joined row messages (`line 3: `, `row 2, `), is removed: a
    table row carries its label already;
  - an option is spelled as in Python and R: `--min-answered` and `` `min_answered` `` become
    min_answered (backticks only around the argument names of bindings/api.tsv), and
    --score-b becomes scores_b (the packages' name for the second task's scores),
    --equivalence normative_equivalence (the packages' function for that mode) and --raters
    ratings (the packages' argument holding the rating columns);
  - a choice word (CHOICES below, and the cut-off letters a, b, c in their lists and after
    "cutoff") loses the quotes the bindings put around it: 'last-scored' and "last-scored"
    become last-scored, as the CLI writes it;
  - a number the caller gave loses the quotes the CLI puts around the text it read
    (not '10' becomes not 10, as the bindings write the number they were given).
Nothing else is changed: a different word, number or quote elsewhere is a difference.

  tests/messages/compare_messages.py --cli PROGRAM --python PYTHON --r-lib DIR [--only ID,...] [--raw]
(or the environment variables ALLIANCE_CLI, ALLIANCE_PYTHON, ALLIANCE_R_LIB; tests/messages/run.sh
gives the usual build paths). PYTHON must import alliance; DIR holds the installed R package. Exit
status 0 when every case is the same, 1 when any differs, 2 when a front-end cannot be run.
"""

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KINDS = ("row", "call", "trace")

# Words the bindings quote as choices ('last-scored') and the CLI writes bare. Single letters
# (cutoff a, b, c) are left out: they would also unquote member labels such as 'a'.
CHOICES = """below-cutoff drop reliable-drop v-episode last-scored immediately-preceding below at-or-below above
at-or-above within-client external stricter previous-session running-mean client-mean pre-rupture-score
reference any-unrepaired last-episode stiles-2004 strauss-2006 sum mean higher lower row raise stop standard
calibrated jacobson-truax clinicalsignificance jt gln hll en nk ha maassen iverson iverson-unadjusted chelune
temkin mcsweeny""".split()


def argument_names():
    """The argument names of bindings/api.tsv (the same in Python and R)."""
    names = set()
    with open(ROOT / "bindings" / "api.tsv", encoding="utf-8") as table:
        for line in list(table)[1:]:
            fields = line.rstrip("\n").split("\t")
            if len(fields) > 2 and fields[1] and not fields[1].endswith(")"):
                names.add(fields[1])
    return names


ARGUMENTS = argument_names()
LABEL = r"(?:c?\d+)"  # the labels the cases give rows: line numbers, R's row numbers, pandas' index


def normalise(text):
    text = re.sub(r"^alliance [a-z]+: ", "", text.strip())
    text = re.sub(r"\[alliance\.[a-z_.]+\] ", "", text)
    # Row labels, then lists of them, then a label opening the message.
    text = re.sub(rf"\b(?:lines|rows) {LABEL}(?:(?:, |,? and ){LABEL})*\b", "<rows>", text)
    text = re.sub(r"\b(?:line|row) '[^']*'", "<row>", text)
    text = re.sub(rf"\b(?:line|row) {LABEL}\b", "<row>", text)
    text = re.sub(r"<row>(?:(?:, |,? and )<row>)+", "<rows>", text)
    text = re.sub(r"^<rows?>(?::|,) ", "", text)
    text = re.sub(r"(?<=\| )<rows?>(?::|,) ", "", text)
    # Option spelling, then choice quoting. --score-b names a column, the packages' scores_b
    # holds the values: the one option renamed in more than its separator (table/spelling.hpp).
    text = re.sub(r"(?<![\w-])--score-b\b", "scores_b", text)
    text = re.sub(r"(?<![\w-])--equivalence\b", "normative_equivalence", text)
    text = re.sub(r"(?<![\w-])--raters\b", "ratings", text)
    text = re.sub(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)", lambda m: m.group(1).replace("-", "_"), text)
    text = re.sub(r"`([a-z_]+)`", lambda m: m.group(1) if m.group(1) in ARGUMENTS else m.group(0), text)
    text = re.sub(r"""(['"])([a-z0-9-]+)\1""", lambda m: m.group(2) if m.group(2) in CHOICES else m.group(0), text)
    # A number the caller gave, which the CLI quotes as the text it read: not '10' is not 10.
    text = re.sub(r"\bnot '(-?\d+(?:\.\d+)?)'", r"not \1", text)
    # The cut-off letters a, b, c as choices: after "cutoff", and in the lists of them.
    text = text.replace("'a'|'b'|'c'", "a|b|c").replace("'a', 'b' or 'c'", "a, b or c")
    text = re.sub(r"""\bcutoff (['"])([abc])\1""", r"cutoff \2", text)
    return text


# --------------------------------------------------------------------------------------------
# Each front-end answers a case with {"error": text} (the call failed), {"status": [...],
# "message": [...]} (a table), {"text": text} (printed text, as explain's) or {} (nothing else).


def message_of(answer):
    """(kind, text): the message a front-end gave; kind "none" when it gave none."""
    if "error" in answer:
        return ("call", answer["error"])
    if "status" in answer:
        seen = []
        for status, text in zip(answer["status"], answer["message"]):
            if status != "ok" and text and text not in seen:
                seen.append(text)
        return ("row", " | ".join(seen)) if seen else ("none", "")
    lines = answer.get("text", "").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Not scored")]
    if not starts:
        return ("none", answer.get("crash", ""))
    body = []
    for line in lines[starts[0] + 1:]:
        if not line.strip():
            break
        body.append(line.strip())
    return ("trace", "; ".join(body))


def case_csv(case):
    return "".join(line + "\n" for line in case.get("csv", []))


def run_cli(cli, case):
    args = [cli] + case["cli"] + ([str(ROOT / case["file"])] if "file" in case else [])
    done = subprocess.run(args, input=case_csv(case), capture_output=True, text=True, cwd=ROOT, timeout=300)
    if done.returncode == 2:
        # The last "alliance <command>: " line: notes such as "using norm ..." may come before it.
        lines = [line for line in done.stderr.splitlines() if line.startswith(f"alliance {case['cli'][0]}: ")]
        return {"error": lines[-1] if lines else done.stderr.strip()}
    if done.returncode not in (0, 1):
        return {"crash": f"exit status {done.returncode}: {done.stderr.strip()[:300]}"}
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    if rows and "status" in rows[0] and "message" in rows[0]:
        return {"status": [r["status"] for r in rows], "message": [r["message"] for r in rows]}
    return {"text": done.stdout}


PYTHON_HELPER = r"""
import io, json, sys, warnings
import numpy as np, pandas as pd
import alliance
warnings.simplefilter("ignore")
for case in json.load(sys.stdin):
    source = case["file"] or (io.StringIO(case["csv"]) if case["csv"] else None)
    text = case["read"] == "text"
    data = None if source is None else pd.read_csv(source, **(dict(dtype=str, keep_default_na=False) if text else {}))
    try:
        value = eval(case["python"], {"alliance": alliance, "pd": pd, "np": np, "data": data})
    except Exception as problem:
        answer = {"error": problem.args[0] if problem.args and isinstance(problem.args[0], str) else str(problem)}
    else:
        if isinstance(value, str):
            answer = {"text": value}
        elif isinstance(value, pd.DataFrame) and {"status", "message"} <= set(value.columns):
            answer = {"status": value["status"].astype(str).tolist(),
                      "message": [m if isinstance(m, str) else "" for m in value["message"]]}
        else:
            answer = {}
    print("@@" + json.dumps({"id": case["id"], "answer": answer}), flush=True)
"""


def run_python(python, cases):
    given = [{"id": c["id"], "csv": case_csv(c), "file": c.get("file"), "read": c.get("read"),
              "python": c["python"]} for c in cases]
    done = subprocess.run([python, "-c", PYTHON_HELPER], input=json.dumps(given), capture_output=True, text=True,
                          cwd=ROOT, timeout=1800)
    return collect("python", done)


R_HELPER = r"""
suppressPackageStartupMessages(library(alliance, lib.loc = LIB))
js <- function(s) {
  s <- ifelse(is.na(s), "", enc2utf8(as.character(s)))
  for (p in list(c("\\", "\\\\"), c('"', '\\"'), c("\n", "\\n"), c("\r", "\\r"), c("\t", "\\t")))
    s <- gsub(p[1], p[2], s, fixed = TRUE)
  paste0('"', s, '"')
}
for (case in CASES) {
  source <- if (!is.null(case$file)) list(file = case$file) else if (nzchar(case$csv)) list(text = case$csv)
  text <- if (identical(case$read, "text")) list(colClasses = "character", na.strings = character(0))
  data <- if (!is.null(source)) do.call(read.csv, c(source, text, check.names = FALSE))
  answer <- tryCatch({
    utils::capture.output(value <- withCallingHandlers(eval(parse(text = case$r)),
      warning = function(w) invokeRestart("muffleWarning"), message = function(m) invokeRestart("muffleMessage")))
    if (is.character(value)) sprintf('{"text":%s}', js(value))
    else if (is.data.frame(value) && all(c("status", "message") %in% names(value)))
      sprintf('{"status":[%s],"message":[%s]}', paste(js(value$status), collapse = ","),
              paste(js(value$message), collapse = ","))
    else "{}"
  }, error = function(e) sprintf('{"error":%s}', js(conditionMessage(e))))
  cat("@@{\"id\":", js(case$id), ",\"answer\":", answer, "}\n", sep = "")
}
"""


def run_r(r_lib, cases):
    def literal(value):
        return "NULL" if value is None else json.dumps(value)  # a JSON string is an R string literal

    entries = [f"list(id = {literal(c['id'])}, csv = {literal(case_csv(c))}, file = {literal(c.get('file'))}, "
               f"read = {literal(c.get('read'))}, r = {literal(c['r'])})" for c in cases]
    script = f"LIB <- {literal(str(Path(r_lib).resolve()))}\nCASES <- list(\n  " + ",\n  ".join(entries) + ")\n" + R_HELPER
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False, encoding="utf-8") as file:
        file.write(script)
    try:
        done = subprocess.run(["Rscript", "--vanilla", file.name], capture_output=True, text=True, cwd=ROOT,
                              timeout=1800, env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    finally:
        os.unlink(file.name)
    return collect("R", done)


def fail(message):
    print(f"messages: {message}", file=sys.stderr)
    sys.exit(2)


def collect(name, done):
    answers = {}
    for line in done.stdout.splitlines():
        if line.startswith("@@"):
            entry = json.loads(line[2:])
            answers[entry["id"]] = entry["answer"]
    if done.returncode != 0:
        fail(f"the {name} front-end failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    return answers


# --------------------------------------------------------------------------------------------


def load_cases(path, only):
    cases = json.loads(Path(path).read_text(encoding="utf-8"))["cases"]
    ids = set()
    for case in cases:
        missing = [k for k in ("id", "about", "kind", "cli", "python", "r") if k not in case]
        if missing or case["kind"] not in KINDS or case["id"] in ids:
            fail(f"case {case.get('id')!r} is malformed (missing {missing}, or kind/id)")
        ids.add(case["id"])
    if only - ids:
        fail(f"no case {', '.join(sorted(only - ids))}")
    if only:
        cases = [c for c in cases if c["id"] in only]
    root = str(ROOT)  # "{root}" in a call stands for the repository's absolute path
    for case in cases:
        case["cli"] = [arg.replace("{root}", root) for arg in case["cli"]]
        case["python"], case["r"] = case["python"].replace("{root}", root), case["r"].replace("{root}", root)
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=os.environ.get("ALLIANCE_CLI"))
    parser.add_argument("--python", default=os.environ.get("ALLIANCE_PYTHON"))
    parser.add_argument("--r-lib", default=os.environ.get("ALLIANCE_R_LIB"))
    parser.add_argument("--cases", default=str(HERE / "cases.json"))
    parser.add_argument("--only", default="", help="comma-separated case ids")
    parser.add_argument("--raw", action="store_true", help="show the texts before normalisation too")
    options = parser.parse_args()
    for name in ("cli", "python", "r_lib"):
        if not getattr(options, name):
            fail(f"give --{name.replace('_', '-')} (see --help)")
    cases = load_cases(options.cases, set(filter(None, options.only.split(","))))
    answers = {
        "cli": {c["id"]: run_cli(str(Path(options.cli).resolve()), c) for c in cases},
        "python": run_python(options.python, cases),
        "r": run_r(options.r_lib, cases),
    }
    differ = known = fixed = 0
    for case in cases:
        got = {side: message_of(answers[side].get(case["id"], {"crash": "(no answer)"})) for side in answers}
        texts = {side: normalise(text) for side, (kind, text) in got.items()}
        ok = all(kind == case["kind"] and texts[side] for side, (kind, _) in got.items())
        same = ok and len(set(texts.values())) == 1
        if same and "known_difference" in case:
            fixed += 1
            print(f"FIXED    {case['id']}: {texts['cli']} (remove its known_difference)")
            continue
        if same:
            print(f"same     {case['id']}: {texts['cli']}")
            continue
        if "known_difference" in case:
            known += 1
            print(f"KNOWN    {case['id']} ({case['known_difference']})")
        else:
            differ += 1
            print(f"DIFFERS  {case['id']} ({case['about']})")
        for side, (kind, raw) in got.items():
            shown = texts[side] if kind == case["kind"] else f"[{kind} instead of {case['kind']}] {texts[side]}"
            if kind == "none":
                shown = f"[no message] {texts[side]}".rstrip()
            print(f"    {side + ':':8} {shown}")
            if options.raw:
                print(f"    {'':8} raw: {raw}")
    print(f"messages: {len(cases)} cases, {len(cases) - differ - known - fixed} same, {known} known differences, "
          f"{differ} differ, {fixed} fixed but still listed as known")
    return 1 if differ or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
