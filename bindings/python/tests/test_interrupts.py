"""Ctrl-C stops a long call within half a second, and the session goes on: the library's
interrupt checks (alliance/table/interrupt.hpp) as the package hands them Python's signals.

Each call runs in a child interpreter, which says when it has started; the test sends SIGINT a
moment later and times how long the child takes to report the KeyboardInterrupt, after which
the child scores a record to show that the session still works.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

# Calls that take tens of seconds (so the signal comes while they run), by what they exercise.
LONG_CALLS = {
    "monte_carlo_draws": "alliance.normative_compare([-2.0, -1.0, -3.0], mean=0, sd=1, n=20, bayesian=True, "
                         "draws=10**8)",
    "error_row_messages": "alliance.score(np.full((400_000, 12), 9.0), 'wai-sr')",
}

CHILD = textwrap.dedent("""
    import sys, time
    import numpy as np
    import alliance
    print("started", flush=True)
    try:
        {call}
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    out = alliance.score(np.full((1, 12), 4.0), "wai-sr")
    print("usable" if out["status"].iloc[0] == "ok" else "broken", flush=True)
""")


def _interrupt_after_start(call: str, wait: float = 0.7):
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(call=call)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(wait)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        answer = child.stdout.readline().strip()
        took = time.monotonic() - sent
        rest = child.communicate(timeout=60)[0].split()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return answer, took, rest


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
@pytest.mark.parametrize("what", sorted(LONG_CALLS))
def test_ctrl_c_stops_a_long_call_within_half_a_second(what):
    answer, took, rest = _interrupt_after_start(LONG_CALLS[what])
    assert answer == "interrupted", f"{what}: the call was not stopped ({answer!r})"
    assert took < 0.5, f"{what}: stopped {took:.2f} s after Ctrl-C"
    assert rest == ["usable"]
