"""Charts for the result card and the thread: PNGs a Slack message or a terminal can attach.

Four questions, one function each, every one taking :class:`engine.analysis.Analysis`
objects and returning a :class:`Chart` (the PNG, its size, a title that states the answer,
one sentence of alt text, and the plotted numbers in ``data``):

* :func:`break_even_chart` — monthly cost against daily tokens, API against fine-tuned,
  the break-even and today's volume marked;
* :func:`cumulative_chart` — cumulative cost month by month, the crossover month marked;
* :func:`tornado_chart` — monthly savings over each input's low and high, the zero line
  being where the decision flips;
* :func:`comparison_chart` — 2–4 named scenarios side by side: which option wins.

Each is a plan (``bot.reports.plan_*``: the numbers and the words, from the analysis) and
its drawing (:func:`bot.reports.drawing.draw`: matplotlib), made here one after the other
in the caller's thread. The Slack app makes the plan itself and has the drawing done in a
chart process (:mod:`bot.slack.chart_pool`). Nothing here imports Slack or ``pyplot``: each
chart is its own :class:`matplotlib.figure.Figure` on an Agg canvas, safe to render from
several threads. The shared look and label rules live in :mod:`bot.reports.charts_base`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.reports.chart_plans import Chart
from bot.reports.drawing import draw
from bot.reports.plan_break_even import plan_break_even
from bot.reports.plan_comparison import plan_comparison
from bot.reports.plan_cumulative import plan_cumulative
from bot.reports.plan_tornado import plan_tornado
from engine.analysis import Analysis

__all__ = ["Chart", "break_even_chart", "comparison_chart", "cumulative_chart", "tornado_chart"]


def break_even_chart(analysis: Analysis) -> Chart:
    """Monthly cost against daily tokens (:func:`~bot.reports.plan_break_even.plan_break_even`
    says what ``data`` holds)."""
    planned = plan_break_even(analysis)
    return planned.chart(draw(planned.plan))


def cumulative_chart(analysis: Analysis) -> Chart:
    """Cumulative cost month by month (:func:`~bot.reports.plan_cumulative.plan_cumulative`
    says what ``data`` holds)."""
    planned = plan_cumulative(analysis)
    return planned.chart(draw(planned.plan))


def tornado_chart(analysis: Analysis) -> Chart:
    """Monthly savings over each input's range (:func:`~bot.reports.plan_tornado.plan_tornado`
    says what ``data`` holds)."""
    planned = plan_tornado(analysis)
    return planned.chart(draw(planned.plan))


def comparison_chart(analyses: Sequence[tuple[str, Analysis]]) -> Chart:
    """2–4 named scenarios side by side (:func:`~bot.reports.plan_comparison.plan_comparison`
    says what ``data`` holds)."""
    planned = plan_comparison(analyses)
    return planned.chart(draw(planned.plan))
