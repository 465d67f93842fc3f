"""The terminal's chart process (``bot.terminal.chart_process``): the PNG it draws is the one
drawn in this process, a process that cannot start or dies leaves the chart to this process,
and a drawing that raised is raised here, once."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from bot.reports.plan_comparison import plan_comparison
from bot.terminal.chart_process import ChartFailed, ChartProcess, draw_here
from engine.analysis import analyse
from engine.models import Scenario

AT = date(2026, 11, 24)


@pytest.fixture(scope="module")
def plan() -> object:
    rows = [(f"Scenario {n}", analyse(Scenario().with_value("workload.requests_per_day",
                                                            25_000.0 * n), at=AT, samples=200))
            for n in (1, 2)]
    return plan_comparison(rows).plan


def test_the_chart_process_draws_what_this_process_draws(plan: object) -> None:
    with ChartProcess() as charts:
        first, second = charts.draw(plan), charts.draw(plan)  # one process, two charts
        assert charts._child is not None and charts._ready  # drawn there, not here
    here = draw_here(plan)
    assert first.png.startswith(b"\x89PNG") and first == second == here


@pytest.mark.parametrize("command", [("/nonexistent/ftroi-chart-worker",),
                                     (sys.executable, "-c", "pass"),  # exits at once
                                     (sys.executable, "-c", "import sys; sys.stdout.write('x')")])
def test_a_process_that_is_of_no_use_leaves_the_chart_to_this_one(plan: object,
                                                                  command: tuple[str, ...]) -> None:
    with ChartProcess(command) as charts:
        drawing = charts.draw(plan)
        assert charts._child is None  # given up on, and ended
    assert drawing == draw_here(plan)


def test_a_drawing_that_raised_is_raised_here() -> None:
    with ChartProcess() as charts, pytest.raises(ChartFailed, match="not a chart plan"):
        charts.draw("not a plan")  # type: ignore[arg-type]
