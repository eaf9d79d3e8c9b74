#!/usr/bin/env python3
"""Writes examples/data/couples_clients.csv and couples_therapist.csv: a small synthetic set of
couples in couple therapy for the split-alliance example (README, docs/driver.md). No real
clients and no item wording: each partner and the therapist answer the 36-item Working Alliance
Inventory (client form for the partners, therapist form for the therapist; 1-7) after each of
six sessions, around a planned mean answer written below, with seeded noise. The 14 negatively
worded items (1 3 7 9 10 11 12 15 20 27 29 31 33 34) are answered the other way round, as a
respondent would, so that scoring reverses them back. Rows are shuffled on purpose: `alliance
split` must not depend on input order.

    python3 examples/data/make_couples.py

The three couples:
    alder  balanced: both partners and the therapist close together, rising slowly
    birch  a split that grows: partner_b's alliance falls session by session, partner_a's holds
    cedar  the therapist sees the alliance very differently: both partners low, the therapist high
"""
import csv
import random
from pathlib import Path

SEED = 20261129
REVERSED = {1, 3, 7, 9, 10, 11, 12, 15, 20, 27, 29, 31, 33, 34}

# Planned mean answer (1-7, after reverse keying) per session 1..6.
PLAN = {
    "alder": {"partner_a": [5.2, 5.3, 5.5, 5.6, 5.8, 5.9],
              "partner_b": [5.0, 5.2, 5.4, 5.6, 5.7, 5.9],
              "therapist": [5.1, 5.3, 5.4, 5.5, 5.7, 5.8]},
    "birch": {"partner_a": [5.4, 5.5, 5.6, 5.6, 5.7, 5.8],
              "partner_b": [5.3, 4.9, 4.4, 3.9, 3.4, 3.0],
              "therapist": [5.2, 5.1, 5.0, 4.8, 4.6, 4.5]},
    "cedar": {"partner_a": [3.6, 3.7, 3.5, 3.8, 3.6, 3.7],
              "partner_b": [3.9, 3.8, 3.9, 4.0, 3.8, 3.9],
              "therapist": [6.0, 6.1, 6.2, 6.1, 6.3, 6.2]},
}


def answers(mean, rng):
    """36 answers on 1..7 whose keyed values scatter around `mean`."""
    out = []
    for item in range(1, 37):
        keyed = min(7, max(1, round(rng.gauss(mean, 0.7))))
        out.append(8 - keyed if item in REVERSED else keyed)
    return out


def write(name, rows):
    with Path(__file__).with_name(name).open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["couple", "session", "member"] + [f"item{i}" for i in range(1, 37)])
        writer.writerows(rows)


def main():
    rng = random.Random(SEED)
    clients, therapist = [], []
    for couple, members in PLAN.items():
        for member, means in members.items():
            for session, mean in enumerate(means, start=1):
                row = [couple, session, member] + answers(mean, rng)
                (therapist if member == "therapist" else clients).append(row)
    rng.shuffle(clients)
    rng.shuffle(therapist)
    write("couples_clients.csv", clients)
    write("couples_therapist.csv", therapist)


if __name__ == "__main__":
    main()
