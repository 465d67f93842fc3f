"""How fast the charts render: a script that prints figures, never a timed test.

    python -m benchmarks.charts            # from the repository root
    python -m benchmarks.charts --profile  # and where the slowest chart spends its time

Each chart of :mod:`bot.reports.charts` is rendered to PNG from an analysis made
beforehand (only the chart is timed): the break-even chart of the quickstart example (a
fleet sized for you: four lines, the step function), the cumulative and tornado charts of
the customer-support case, and a comparison of three examples. Median (and P10/P90) of 30
renders after 3 warm-up renders, wall clock; beside it the median CPU time of this process
(``time.process_time``, less moved by other processes on the machine) and how much of it
is the plan (``bot.reports.plan_*``: the numbers and words, made in the Slack app's own
process) and how much the drawing (what the chart process does). Aim: < 300 ms median
wall clock each on a 2-core machine.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: put the repository root first on the path
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import matplotlib
import numpy as np

from benchmarks.timing import timings
from bot.reports.chart_plans import Chart, Planned
from bot.reports.drawing import draw
from bot.reports.plan_break_even import plan_break_even
from bot.reports.plan_comparison import plan_comparison
from bot.reports.plan_cumulative import plan_cumulative
from bot.reports.plan_tornado import plan_tornado
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse

AT = date(2026, 11, 24)  # a fixed price date: the same figures on any day
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AIM_SECONDS = 0.3


def example(name: str) -> Analysis:
    return analyse(load_scenario(EXAMPLES / f"{name}.toml"), at=AT)


def cpu_ms(run: Callable[[], object], repeat: int) -> float:
    """Median CPU time of this process per call of ``run``, in ms."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        samples.append(time.process_time() - start)
    return statistics.median(samples) * 1e3


def chart(plan: Callable[[], Planned[Any]]) -> Chart:
    planned = plan()
    return planned.chart(draw(planned.plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="profile the slowest chart")
    parser.add_argument("--repeat", type=int, default=30, help="timed renders per chart")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
          f"NumPy {np.__version__}, {os.cpu_count()} cores, {platform.machine()}; load "
          f"average now {os.getloadavg()[0]:.2f} (wall times mean most on an idle machine)")
    quickstart, support = example("quickstart"), example("case_customer_support")
    extraction, generation = example("case_document_extraction"), example("case_code_generation")
    plans: dict[str, Callable[[], Planned[Any]]] = {
        "break-even (quickstart, fleet re-sized)": lambda: plan_break_even(quickstart),
        "cumulative (customer support)": lambda: plan_cumulative(support),
        "tornado (customer support)": lambda: plan_tornado(support),
        "comparison (3 examples)": lambda: plan_comparison([
            ("Document extraction", extraction), ("Customer support", support),
            ("Code generation", generation)]),
    }
    slowest, slowest_median = "", 0.0
    for name, plan in plans.items():
        seconds = timings(lambda plan=plan: chart(plan), repeat=args.repeat, warmup=3)
        median = statistics.median(seconds)
        p10, p90 = np.percentile(seconds, [10, 90]) * 1e3
        planned = plan()
        planning = cpu_ms(plan, args.repeat)
        drawing = cpu_ms(lambda planned=planned: draw(planned.plan), args.repeat)
        size = len(chart(plan).png)
        verdict = "met" if median < AIM_SECONDS else "MISSED"
        print(f"{name}: median {median * 1e3:.0f} ms (P10 {p10:.0f}, P90 {p90:.0f}), "
              f"{size / 1024:.0f} KiB; CPU {planning + drawing:.0f} ms: plan "
              f"{planning:.1f}, drawing {drawing:.0f}   "
              f"[aim median < {AIM_SECONDS * 1e3:.0f} ms: {verdict}]")
        if median > slowest_median:
            slowest, slowest_median = name, median
    if args.profile:
        print(f"\nprofile of {slowest}:")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            chart(plans[slowest])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
