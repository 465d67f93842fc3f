"""How fast the charts render: a script that prints figures, never a timed test.

    python -m benchmarks.charts            # from the repository root
    python -m benchmarks.charts --profile  # and where the slowest chart spends its time

Each chart of :mod:`bot.reports.charts` is rendered to PNG from an analysis made
beforehand (only the chart is timed): the break-even chart of the quickstart example (a
fleet sized for you: four lines, the step function), the cumulative and tornado charts of
the customer-support case, and a comparison of three examples. Median (and P10/P90) of 30
renders after 3 warm-up renders. Aim: < 300 ms median each on a 2-core machine.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

if not __package__:  # run as a file: put the repository root first on the path
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import matplotlib
import numpy as np

from benchmarks.timing import timings
from bot.reports.charts import (
    Chart,
    break_even_chart,
    comparison_chart,
    cumulative_chart,
    tornado_chart,
)
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse

AT = date(2026, 11, 24)  # a fixed price date: the same figures on any day
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AIM_SECONDS = 0.3


def example(name: str) -> Analysis:
    return analyse(load_scenario(EXAMPLES / f"{name}.toml"), at=AT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile the slowest chart")
    parser.add_argument("--repeat", type=int, default=30, help="timed renders per chart")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
          f"NumPy {np.__version__}, {os.cpu_count()} cores, {platform.machine()}")
    quickstart, support = example("quickstart"), example("case_customer_support")
    extraction, generation = example("case_document_extraction"), example("case_code_generation")
    charts: dict[str, Callable[[], Chart]] = {
        "break-even (quickstart, fleet re-sized)": lambda: break_even_chart(quickstart),
        "cumulative (customer support)": lambda: cumulative_chart(support),
        "tornado (customer support)": lambda: tornado_chart(support),
        "comparison (3 examples)": lambda: comparison_chart([
            ("Document extraction", extraction), ("Customer support", support),
            ("Code generation", generation)]),
    }
    slowest, slowest_median = "", 0.0
    for name, run in charts.items():
        seconds = timings(run, repeat=args.repeat, warmup=3)
        median = statistics.median(seconds)
        p10, p90 = np.percentile(seconds, [10, 90]) * 1e3
        verdict = "meets" if median < AIM_SECONDS else "misses"
        size = len(run().png)
        print(f"{name}: median {median * 1e3:.0f} ms (P10 {p10:.0f}, P90 {p90:.0f}), "
              f"{size / 1024:.0f} KiB — {verdict} < {AIM_SECONDS * 1e3:.0f} ms")
        if median > slowest_median:
            slowest, slowest_median = name, median
    if args.profile:
        print(f"\nprofile of {slowest}:")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            charts[slowest]()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
