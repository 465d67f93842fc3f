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

Nothing here imports Slack or ``pyplot``: each chart is its own
:class:`matplotlib.figure.Figure` on an Agg canvas, safe to render from several threads.
The shared look and label rules live in :mod:`bot.reports.charts_base`.
"""

from __future__ import annotations

from bot.reports.charts_base import Chart
from bot.reports.charts_break_even import break_even_chart
from bot.reports.charts_comparison import comparison_chart
from bot.reports.charts_cumulative import cumulative_chart
from bot.reports.charts_tornado import tornado_chart

__all__ = ["Chart", "break_even_chart", "comparison_chart", "cumulative_chart", "tornado_chart"]
