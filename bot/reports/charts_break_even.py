"""The break-even chart drawn: monthly cost against daily tokens, API against fine-tuned.

Draws a :class:`~bot.reports.chart_plans.BreakEvenPlan` (:mod:`bot.reports.plan_break_even`
says what is plotted and why): the API bill, the fine-tuned running cost, the same with the
project amortised, and, where the fleet is re-sized, that with today's fleet held (the
line the lifetime break-even lies on); today's volume and the lifetime break-even marked
and labelled where the label fits.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes

from bot.reports.chart_plans import BreakEvenPlan, Drawing, Line, Mark
from bot.reports.charts_base import (
    API,
    FT,
    FT_PROJECT,
    GREY,
    INK,
    SIZE,
    escape,
    money_axis,
    new_figure,
    render,
    tokens_axis,
)

__all__ = ["draw_break_even"]

#: A white backing that keeps a marker's label readable where a line crosses it.
_BACKING = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none",
            "alpha": 0.85}
#: How each line is drawn: colour, width, dash, layer.
_STYLE: dict[str, tuple[str, float, object, int]] = {
    "api": (API, 3, "-", 5),
    "ft": (FT, 3, "-", 4),
    "ft_with_project": (FT_PROJECT, 2.5, (0, (6, 3)), 3),
    "ft_today_fleet": (FT, 1.8, (0, (1, 2)), 3),
}


def _side(ax: Axes, x: float) -> tuple[str, int]:
    """Where a label beside a vertical line at ``x`` fits: right of it, or left near the end."""
    left, right = ax.get_xlim()
    if ax.get_xscale() == "log":
        share = math.log(x / left) / math.log(right / left) if x > 0 else 0.0
    else:
        share = (x - left) / (right - left)
    return ("left", 7) if share < 0.62 else ("right", -7)


def _mark_today(ax: Axes, today: Mark, ft_y: float) -> None:
    ax.axvline(today.x, color=GREY, linestyle=":", linewidth=1.8, zorder=2)
    ax.plot([today.x, today.x], [today.y, ft_y], linestyle="none", marker="o", markersize=9,
            markerfacecolor="white", markeredgewidth=2.2, markeredgecolor=INK, zorder=6)
    ha, dx = _side(ax, today.x)
    ax.annotate(escape(today.label), xy=(today.x, 1.0), xycoords=ax.get_xaxis_transform(),
                xytext=(dx, -4), textcoords="offset points", ha=ha, va="top",
                fontsize=SIZE["note"], color=INK, bbox=_BACKING, zorder=8)


def _mark_break_even(ax: Axes, mark: Mark) -> None:
    ax.plot([mark.x, mark.x], [ax.get_ylim()[0], mark.y], color=INK, linestyle=(0, (4, 3)),
            linewidth=1.4, zorder=2)
    ax.plot([mark.x], [mark.y], linestyle="none", marker="D", markersize=11, color=INK, zorder=7)
    ha, dx = _side(ax, mark.x)
    ax.annotate(escape(mark.label), xy=(mark.x, 0.0), xycoords=ax.get_xaxis_transform(),
                xytext=(dx, 6), textcoords="offset points", ha=ha, va="bottom",
                fontsize=SIZE["note"], color=INK, fontweight="bold", bbox=_BACKING, zorder=8)


def _draw_line(ax: Axes, xs: np.ndarray, line: Line) -> None:
    colour, width, dash, layer = _STYLE[line.key]
    ax.plot(xs, line.ys, color=colour, linewidth=width, linestyle=dash, zorder=layer,
            label=escape(line.label))


def draw_break_even(plan: BreakEvenPlan) -> Drawing:
    """The plan's chart as a PNG."""
    fig, ax = new_figure()
    if plan.message is not None:
        ax.set_axis_off()
        ax.text(0.5, 0.5, escape(plan.message), ha="center", va="center",
                fontsize=SIZE["subtitle"], color=INK, transform=ax.transAxes)
        return render(fig, plan.words)
    for line in plan.lines:
        _draw_line(ax, plan.xs, line)
    tokens_axis(ax, log=plan.log_x, low=plan.x_range[0], high=plan.x_range[1],
                label=plan.x_label)
    y_low, y_high = plan.y_range
    money_axis(ax, log=plan.log_y, low=y_low, high=y_high, label=plan.y_label)
    if not plan.log_y and y_low < 0:
        ax.axhline(0, color=GREY, linewidth=1.2, zorder=2)
    if plan.today is not None:
        _mark_today(ax, plan.today, plan.today_ft)
    if plan.break_even is not None:
        _mark_break_even(ax, plan.break_even)
    legend = ax.legend(loc="upper left", fontsize=SIZE["legend"], frameon=True,
                       framealpha=0.95, edgecolor="#dddddd", bbox_to_anchor=(0.0, 0.92))
    legend.set_zorder(8)
    return render(fig, plan.words)
