"""The cumulative cost chart drawn: API against fine-tuned, month by month, and the crossover.

Draws a :class:`~bot.reports.chart_plans.CumulativePlan` (:mod:`bot.reports.plan_cumulative`
says what is plotted and why): both lines, the saving shaded where fine-tuning is ahead,
each line's total at its end, and the crossover month marked. The lead ("fine-tuning ahead
by …") is written between the lines where they end, and left out when a line would cross
it there (the lines still climbing steeply across its width): the subtitle says it too.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from bot.reports.chart_plans import CumulativePlan, Drawing, End
from bot.reports.charts_base import (
    API,
    FT,
    INK,
    SAVED,
    SIZE,
    escape,
    money_axis,
    new_figure,
    render,
)

__all__ = ["cumulative_figure", "draw_cumulative"]

_COLOURS = {"api": API, "ft": FT}


def _label_ends(ax: Axes, x: float, ends: tuple[End, End], top: float) -> None:
    """Each line's total at its right end; two totals too close to read apart are pushed
    apart, keeping their order."""
    gap = 0.1 * top  # two lines of 13 pt text on a ~470 px tall axes
    ordered = sorted(ends, key=lambda end: end.value)
    spread = max(0.0, gap - (ordered[-1].value - ordered[0].value)) / 2
    for shift, end in zip((-spread, spread), ordered, strict=True):
        ax.annotate(escape(end.text), xy=(x, end.value + shift), xytext=(8, 0),
                    textcoords="offset points", ha="left", va="center",
                    fontsize=SIZE["note"], color=_COLOURS[end.key], fontweight="bold",
                    annotation_clip=False)


def draw_cumulative(plan: CumulativePlan) -> Drawing:
    """The plan's chart as a PNG."""
    return render(cumulative_figure(plan), plan.words)


def cumulative_figure(plan: CumulativePlan) -> Figure:
    """The plan's lines and marks on a figure, before its words are written."""
    months, api, ft = plan.months, plan.api, plan.ft
    fig, ax = new_figure(right=0.86)
    marker = "o" if plan.markers else None
    ax.fill_between(months, ft, api, where=plan.ahead, interpolate=True, color=SAVED,
                    alpha=0.14, linewidth=0, zorder=1)
    ax.plot(months, api, color=API, linewidth=3, marker=marker, markersize=5, zorder=4)
    ax.plot(months, ft, color=FT, linewidth=3, marker=marker, markersize=5,
            linestyle=(0, (6, 2)), zorder=4)
    money_axis(ax, log=False, low=0.0, high=plan.top, label=plan.y_label)
    ax.set_xlim(0, months[-1])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    ax.set_xlabel(plan.x_label, fontsize=SIZE["label"], color=INK)
    _label_ends(ax, months[-1], plan.ends, plan.top)
    if plan.lead is not None:
        # Just above the fine-tuned line's end: the API line, above it, is at its farthest.
        lead = ax.annotate(escape(plan.lead), xy=(months[-1], float(ft[-1])), xytext=(-12, 10),
                           textcoords="offset points", ha="right", va="bottom",
                           fontsize=SIZE["note"], color=SAVED, fontweight="bold")
        if _crossed(ax, lead, months, (api, ft)):
            lead.remove()
    crossover = plan.crossover
    if crossover is not None:
        ax.axvline(crossover.x, color=INK, linestyle=(0, (4, 3)), linewidth=1.4, zorder=2)
        ax.plot([crossover.x], [crossover.y], marker="D", markersize=11, color=INK,
                linestyle="none", zorder=6)
        right = crossover.x / months[-1] < 0.62
        ax.annotate(escape(crossover.label), xy=(crossover.x, 1.0),
                    xycoords=ax.get_xaxis_transform(), xytext=(7 if right else -7, -4),
                    textcoords="offset points", ha="left" if right else "right", va="top",
                    fontsize=SIZE["note"], color=INK, fontweight="bold")
    return fig


def _crossed(ax: Axes, text: Text, months: np.ndarray,
             lines: tuple[np.ndarray, ...]) -> bool:
    """Whether one of ``lines`` (values at ``months``) passes through ``text`` as drawn:
    tested at 24 points across the text's width, in pixels."""
    canvas = ax.figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # new_figure's
    box = text.get_window_extent(canvas.get_renderer())  # type: ignore[no-untyped-call]
    across = np.column_stack([np.linspace(box.x0, box.x1, 24), np.full(24, box.y0)])
    xs = ax.transData.inverted().transform(across)[:, 0]
    for line in lines:
        ys = ax.transData.transform(np.column_stack([xs, np.interp(xs, months, line)]))[:, 1]
        if np.any((ys >= box.y0) & (ys <= box.y1)):
            return True
    return False
