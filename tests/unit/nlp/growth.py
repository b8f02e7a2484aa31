"""Growth ratios of a function's running time, measured in one run (no absolute times asserted).

Each size is timed in CPU seconds of this process (time spent waiting for a busy machine's cores
does not count) as the fastest of several calls, so the ratio between sizes stays meaningful on a
loaded box.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(fn: Callable[[], object], *, repeat: int = 5, min_total: float = 0.2) -> float:
    """CPU seconds of the fastest call of fn among at least `repeat` calls (more while they last
    under min_total seconds in all)."""
    best = float("inf")
    spent = 0.0
    calls = 0
    while calls < repeat or (spent < min_total and calls < 200):
        start = time.process_time()
        fn()
        took = time.process_time() - start
        best = min(best, took)
        spent += took
        calls += 1
    return max(best, 1e-6)


def growth(
    make: Callable[[int], Callable[[], object]], base: int, factors: tuple[int, ...] = (1, 2, 4)
) -> list[float]:
    """Time per call at base × each factor, divided by the time at base × factors[0]."""
    times = [best_time(make(base * f)) for f in factors]
    return [t / times[0] for t in times]
