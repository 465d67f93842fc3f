"""Plans drawn: :func:`draw` turns any chart plan into its PNG.

This is all the chart process (:mod:`bot.reports.chart_worker`) runs, and it imports only
what drawing needs: matplotlib, the drawing modules and :mod:`engine.figures` (the rounding
rule of the tick labels) — never the engine's models, the catalogs or the analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.reports.chart_plans import (
    BreakEvenPlan,
    ComparisonPlan,
    CumulativePlan,
    Drawing,
    Plan,
    TornadoPlan,
)
from bot.reports.charts_break_even import draw_break_even
from bot.reports.charts_comparison import draw_comparison
from bot.reports.charts_cumulative import draw_cumulative
from bot.reports.charts_tornado import draw_tornado

__all__ = ["draw"]

_DRAWERS: dict[type, Callable[[Any], Drawing]] = {
    BreakEvenPlan: draw_break_even,
    CumulativePlan: draw_cumulative,
    TornadoPlan: draw_tornado,
    ComparisonPlan: draw_comparison,
}


def draw(plan: Plan) -> Drawing:
    """The PNG of ``plan``, whichever chart it is."""
    drawer = _DRAWERS.get(type(plan))
    if drawer is None:
        raise TypeError(f"plan: {type(plan).__name__} is not a chart plan; give one of "
                        + ", ".join(kind.__name__ for kind in _DRAWERS))
    return drawer(plan)
