#!/usr/bin/env python3
"""alliance.score on a 1,000,000 x 12 WAI-SR DataFrame against the bare pandas route.

The pandas route is df[cols].sum(axis=1) for the four WAI-SR scales (task, goal, bond, total),
with no validation; alliance.score validates every answer, applies the missing-item rule and
returns the driver's 18 columns. Both run in this one process, on the same frame, best of
REPEATS runs each. Run after installing the package (bindings/python/README.md):

    python bench/bench_python_score.py [ROWS]
"""
import os
import sys
import time

import numpy as np
import pandas as pd

import alliance

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEATS = 5


def best(function):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    wai = alliance.instrument("wai-sr")
    cols = [f"item{i}" for i in range(1, wai.items + 1)]
    rng = np.random.default_rng(2026)
    df = pd.DataFrame(rng.integers(1, 6, size=(ROWS, wai.items)), columns=cols)
    scales = {name: [f"item{i}" for i in items] for name, items in zip(wai.scales, wai.scale_items)}

    def pandas_route():
        return pd.DataFrame({name: df[items].sum(axis=1) for name, items in scales.items()})

    def alliance_route():
        return alliance.score(df, wai)

    # The two agree on every sum before anything is timed.
    expected, got = pandas_route(), alliance_route()
    for name in wai.scales:
        assert np.array_equal(expected[name].to_numpy(dtype=float), got[f"{name}_sum"].to_numpy()), name
    pandas_time = best(pandas_route)
    alliance_time = best(alliance_route)
    # The same on one CPU (the process pinned to it; alliance.score's two threads then share it).
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    try:
        pandas_one, alliance_one = best(pandas_route), best(alliance_route)
    finally:
        os.sched_setaffinity(0, cpus)
    print(f"rows {ROWS} x {wai.items} items (int64 columns), best of {REPEATS}; {len(cpus)} CPUs")
    print(f"pandas df[cols].sum(axis=1), 4 scales, no validation: {pandas_time:.3f} s")
    print(f"alliance.score, every answer validated:                {alliance_time:.3f} s "
          f"({ROWS / alliance_time / 1e6:.1f} M rows/s)")
    print(f"ratio alliance / pandas: {alliance_time / pandas_time:.2f} (target <= 2)")
    print(f"on one CPU: pandas {pandas_one:.3f} s, alliance.score {alliance_one:.3f} s, "
          f"ratio {alliance_one / pandas_one:.2f}")


if __name__ == "__main__":
    main()
