#!/usr/bin/env python3
"""The table layer's performance targets in Python (README, Performance), one run each, on 1,000,000 rows:

- normative_compare(n=100) on scores that repeat as sums of answers do (0..40), against the
  z-only call: each distinct score's interval is computed once (target: within 3x);
- track(summary=True) on 1,000,000 rows against 100,000 (125,000 and 12,500 clients of 8
  sessions): linear, not quadratic (target: within 12x);
- score() of text columns against the same answers as numbers: each distinct text read once
  (target: within 3x).

Run after installing the package (bindings/python/README.md):

    python bench/bench_table_python.py [ROWS]
"""
import sys
import time

import numpy as np
import pandas as pd

import alliance

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def srs_sessions(rows, rng):
    """rows // 8 clients of 8 sessions each, SRS lines 0..10 to 0.1, shuffled."""
    clients = np.repeat(np.arange(rows // 8), 8)
    frame = pd.DataFrame({"client": clients.astype(str), "session": np.tile(np.arange(1, 9), rows // 8)})
    for i in range(1, 5):
        frame[f"item{i}"] = np.round(rng.uniform(5, 10, len(frame)), 1)
    return frame.sample(frac=1, random_state=1).reset_index(drop=True)


def main():
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 41, ROWS).astype(float)
    z_only = timed(lambda: alliance.normative_compare(scores, mean=20, sd=7))
    with_n = timed(lambda: alliance.normative_compare(scores, mean=20, sd=7, n=100))
    print(f"normative_compare: z only {z_only:.3f} s, n=100 {with_n:.3f} s: {with_n / z_only:.2f}x (target <= 3x)")

    options = dict(client="client", session="session", direction="higher", summary=True)
    small, large = srs_sessions(ROWS // 10, rng), srs_sessions(ROWS, rng)
    t_small = timed(lambda: alliance.track(small, "srs", **options))
    t_large = timed(lambda: alliance.track(large, "srs", **options))
    print(f"track(summary=True): {len(small)} rows {t_small:.3f} s, {len(large)} rows {t_large:.3f} s: "
          f"{t_large / t_small:.1f}x (target <= 12x)")

    numbers = pd.DataFrame({f"item{i}": rng.integers(1, 6, ROWS) for i in range(1, 13)})
    texts = numbers.astype(str).astype(object)
    t_numbers = timed(lambda: alliance.score(numbers, "wai-sr"))
    t_texts = timed(lambda: alliance.score(texts, "wai-sr"))
    print(f"score: numbers {t_numbers:.3f} s, text {t_texts:.3f} s: {t_texts / t_numbers:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
