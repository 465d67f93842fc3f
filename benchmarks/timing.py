"""Wall-clock samples of a callable, shared by the benchmark scripts."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["timings"]


def timings(run: Callable[[], object], *, repeat: int, warmup: int) -> list[float]:
    """Seconds per call of ``run``, ``repeat`` times after ``warmup`` untimed calls."""
    for _ in range(warmup):
        run()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        out.append(time.perf_counter() - start)
    return out
