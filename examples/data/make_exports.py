#!/usr/bin/env python3
"""Writes examples/data/exports/: the first six records of wai_sr_sample.csv as labs export them,
for the "Data as labs export it" examples in docs/driver.md and the packages' docs.

    python3 examples/data/make_exports.py        # rewrites the files in exports/

Every file holds the same answers as wai_sr_sample.csv's lines 2-7, so each scores exactly as
that file does (tests/driver/test_data_shapes.sh checks the whole sample the same way):

padded.csv      item columns wai01..wai12 (--items 'wai{:02}')
labelled.csv    answers as labels (Seldom, Sometimes, Fairly often, Very often, Always stand
                here for 1..5; the WAI-SR's own anchors are not reproduced) with labels.json
qualtrics.csv   a Qualtrics export: a row of question text (placeholders, no item wording) and a
                row of ImportId metadata after the header (--qualtrics)
redcap.csv      a REDCap raw export with events and a repeating form: the measure is the
                repeating form 'wai'; each record also has its non-repeating row and, once,
                a row of another repeating form 'phq' (--redcap --redcap-form wai)
long.csv        one row per client, session and item (score --long)
"""
import csv
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "exports")
LABELS = {"Seldom": 1, "Sometimes": 2, "Fairly often": 3, "Very often": 4, "Always": 5}


def write(name, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def main():
    with open(os.path.join(HERE, "wai_sr_sample.csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, records = rows[0], rows[1:7]
    items = [i for i, name in enumerate(header) if name.startswith("item")]
    os.makedirs(OUT, exist_ok=True)

    write("padded.csv", [[("wai%02d" % int(c[4:])) if c.startswith("item") else c for c in header]] + records)

    word = {str(code): label for label, code in LABELS.items()}
    write("labelled.csv", [header] + [[word.get(v, v) if i in items else v for i, v in enumerate(r)] for r in records])
    with open(os.path.join(OUT, "labels.json"), "w") as f:
        json.dump(LABELS, f, indent=2)
        f.write("\n")

    question = [("Question %s" % c[4:]) if c.startswith("item") else c for c in header]
    import_ids = ['{"ImportId":"%s"}' % (("QID1_" + c[4:]) if c.startswith("item") else c) for c in header]
    write("qualtrics.csv", [header, question, import_ids] + records)

    redcap = [["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
               "therapist"] + [header[i] for i in items]]
    for n, r in enumerate(records):
        event = "session_%s_arm_1" % r[1]
        redcap.append([r[0], event, "", "", r[2]] + [""] * len(items))
        redcap.append([r[0], event, "wai", "1", ""] + [r[i] for i in items])
        if n == 2:
            redcap.append([r[0], event, "phq", "1", ""] + [""] * len(items))
    write("redcap.csv", redcap)

    write("long.csv", [["client", "session", "item", "value"]] +
          [[r[0], r[1], str(k + 1), r[i]] for r in records for k, i in enumerate(items) if r[i] != ""])


if __name__ == "__main__":
    main()
