#!/usr/bin/env python3
"""Writes the synthetic sample files in examples/data/ (no real clients, no item wording).

    python3 examples/data/make_samples.py        # rewrites the files next to this script

Seeded, so the files are the same on every run. What is in them:

wai_sr_sample.csv   40 WAI-SR (client form) records: client, session, therapist (free text
                    with commas and quotes, to show CSV quoting), item1..item12 on 1..5.
                    Some items are missing (empty or NA); four rows have invalid values
                    (6, 0, 'x', 2.5) so that `alliance score` shows error rows.
srs_ors_sample.csv  30 sessions with SRS and ORS (four 0..10 cm lines each, read to the
                    millimetre): client, session, srs_1..srs_4, ors_1..ors_4. Two rows have
                    a missing line, one an out-of-range mark (10.4).
ors_pre_post.csv    25 clients' ORS totals at intake and at the last session, for the change
                    and compare examples: client, ors_pre, ors_post.
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240611)


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def likert(level, low=1, high=5):
    """An answer near the client's alliance level, clipped to the scale."""
    return max(low, min(high, round(rng.gauss(level, 0.8))))


def wai_sr():
    therapists = ["Dr. Rivera", "Okafor, N.", 'J. "Jo" Lindqvist', "Dr. Chen"]
    rows = []
    for n in range(40):
        client = f"c{n // 4 + 1:03d}"
        session = n % 4 + 1
        level = rng.uniform(2.5, 4.7)
        items = [likert(level) for _ in range(12)]
        if n in (5, 17, 30):
            items[rng.randrange(12)] = ""
        if n == 22:
            items[2] = "NA"
            items[8] = ""
        if n == 27:  # a whole scale left blank (bond: items 3, 5, 7, 9)
            for i in (2, 4, 6, 8):
                items[i] = ""
        invalid = {11: (4, 6), 19: (0, 0), 33: (7, "x"), 38: (10, 2.5)}
        if n in invalid:
            index, value = invalid[n]
            items[index] = value
        rows.append([client, session, therapists[n % 4]] + items)
    write("wai_sr_sample.csv", ["client", "session", "therapist"] + [f"item{i}" for i in range(1, 13)], rows)


def mark(level):
    """A mark on a 10 cm line, read to the millimetre."""
    return round(max(0.0, min(10.0, rng.gauss(level, 1.2))), 1)


def srs_ors():
    rows = []
    for n in range(30):
        client = f"c{n // 5 + 1:03d}"
        session = n % 5 + 1
        srs = [mark(rng.uniform(6.5, 9.6)) for _ in range(4)]
        ors = [mark(rng.uniform(3.0, 4.0) + session * 0.8) for _ in range(4)]
        if n == 8:
            srs[1] = ""
        if n == 21:
            ors[3] = ""
        if n == 14:
            srs[2] = 10.4
        rows.append([client, session] + srs + ors)
    write("srs_ors_sample.csv",
          ["client", "session"] + [f"srs_{i}" for i in range(1, 5)] + [f"ors_{i}" for i in range(1, 5)], rows)


def ors_pre_post():
    rows = []
    for n in range(25):
        pre = round(sum(mark(rng.uniform(3.5, 6.0)) for _ in range(4)), 1)
        post = round(min(40.0, max(0.0, pre + rng.gauss(6.0, 6.5))), 1)
        rows.append([f"c{n + 1:03d}", pre, post])
    write("ors_pre_post.csv", ["client", "ors_pre", "ors_post"], rows)


wai_sr()
srs_ors()
ors_pre_post()
