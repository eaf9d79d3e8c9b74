#!/usr/bin/env python3
"""Writes examples/data/wai_sr_long.csv: the records of wai_sr_sample.csv in long form, for the
"Long data" examples of docs/driver.md (`alliance score --long`).

    python3 examples/data/make_long.py        # rewrites the file next to this script

One row per answer: client, session, item (1..12), value. An answer left empty or NA in the
wide file has no row at all (long exports often leave unanswered items out), which `--long`
reads as a missing answer, so both files give the same scores. Rows are in record order, each
record's items in order; the invalid answers of the wide file (6, 0, 'x', 2.5) are kept.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "wai_sr_sample.csv"), newline="") as f:
    records = list(csv.DictReader(f))
with open(os.path.join(HERE, "wai_sr_long.csv"), "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["client", "session", "item", "value"])
    for record in records:
        for item in range(1, 13):
            value = record["item%d" % item]
            if value not in ("", "NA"):
                out.writerow([record["client"], record["session"], item, value])
