"""The cumulative cost chart drawn: API against fine-tuned, month by month, and the crossover.

Draws a :class:`~bot.reports.chart_plans.CumulativePlan` (:mod:`bot.reports.plan_cumulative`
says what is plotted and why): both lines, the saving shaded where fine-tuning is ahead,
each line's total at its end, and the crossover month marked.
"""

from __future__ import annotations

from matplotlib.axes import Axes
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

__all__ = ["draw_cumulative"]

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
        ax.annotate(escape(plan.lead), xy=(months[-1], float(ft[-1])), xytext=(-12, 10),
                    textcoords="offset points", ha="right", va="bottom",
                    fontsize=SIZE["note"], color=SAVED, fontweight="bold")
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
    return render(fig, plan.words)
