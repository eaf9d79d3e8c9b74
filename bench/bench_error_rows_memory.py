#!/usr/bin/env python3
"""Peak memory of score() when every row is an error row (the wrong instrument on a big file),
against the bytes of the returned messages plus the input. Target: at most 3x (README,
Performance). Each size runs in a fresh interpreter, so the peak is that call's alone.

    python bench/bench_error_rows_memory.py [ROWS]
"""
import subprocess
import sys

CHILD = """
import resource, sys
import numpy as np
import alliance
rows = int(sys.argv[1])
data = np.full((rows, 12), 9.0)          # 9 is outside WAI-SR's 1..5: every item of every row
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
out = alliance.score(data, "wai-sr")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
messages = sum(len(m.encode()) for m in out["message"])
print(rows, before, peak, messages, data.nbytes)
"""


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    done = subprocess.run([sys.executable, "-c", CHILD, str(rows)], check=True, capture_output=True, text=True)
    n, before, peak, messages, input_bytes = map(int, done.stdout.split())
    grown = peak - before + input_bytes  # the input was made before the baseline was read
    print(f"python score, {n:,} error rows: messages {messages / 2**20:,.0f} MiB "
          f"({messages / n:,.0f} B per row), input {input_bytes / 2**20:,.0f} MiB, "
          f"peak growth with input {grown / 2**20:,.0f} MiB: "
          f"{grown / (messages + input_bytes):.2f}x messages + input (target 3x)")


if __name__ == "__main__":
    main()
