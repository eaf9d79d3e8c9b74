#!/usr/bin/env python3
"""Writes examples/data/srs_caseload.csv: a small synthetic SRS caseload for the tracking
walkthrough (examples/walkthrough.md). No real client data: each client's session totals follow a
pattern written below, split into four 0-10 item marks with seeded noise. Rows are shuffled on
purpose, because `alliance track` must not depend on input order.

    python3 examples/data/make_caseload.py
"""
import csv
import random
from pathlib import Path

SEED = 20261121

# Planned SRS totals (0-40) per session; None = the SRS was not given that session.
PATTERNS = {
    "anna": [37.0, 38.0, 38.5, 29.5, 37.5, 38.8, 39.0],     # rupture at 4, back above 38.5 at 6
    "ben": [37.5, 38.0, 37.0, 28.5, 30.0, 31.5, 30.5],      # rupture at 4, never repaired
    "chloe": [38.6, 38.9, 39.1, 38.4, 38.8, 39.2],          # stable and high
    "dev": [30.0, 32.0, None, 35.0, 36.5, 38.0],            # starts below 36, improves; session 3 missing
    "eli": [38.0, 38.5, 37.8, 39.0, 30.0],                  # rupture at the last session: not yet known
}


def split_total(total, rng):
    """Four marks of 0-10 cm to 0.1 that add up to `total` exactly (in tenths)."""
    tenths = round(total * 10)
    while True:
        weights = [rng.uniform(0.85, 1.15) for _ in range(4)]
        marks = [min(100, round(tenths * w / sum(weights))) for w in weights]
        marks[3] = tenths - sum(marks[:3])
        if 0 <= marks[3] <= 100:
            return [m / 10 for m in marks]


def main():
    rng = random.Random(SEED)
    rows = []
    for client, totals in PATTERNS.items():
        for session, total in enumerate(totals, start=1):
            items = split_total(total, rng) if total is not None else ["", "", "", ""]
            rows.append([client, session] + [f"{x:.1f}" if x != "" else "" for x in items])
    rng.shuffle(rows)
    out = Path(__file__).with_name("srs_caseload.csv")
    with out.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["client", "session", "srs_1", "srs_2", "srs_3", "srs_4"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
