"""The comparison chart drawn: 2–4 scenarios side by side, ranked by what the company pays.

Draws a :class:`~bot.reports.chart_plans.ComparisonPlan` (:mod:`bot.reports.plan_comparison`
says what is compared and who wins): three bars per scenario, each topped by its compact
figure, the scenario's outcome under its group and the winner's in bold.
"""

from __future__ import annotations

from matplotlib.patches import Patch

from bot.reports.chart_plans import ComparisonPlan, Drawing
from bot.reports.charts_base import (
    API,
    FT,
    FT_PROJECT,
    GREY,
    INK,
    SIZE,
    escape,
    money_axis,
    money_tick,
    new_figure,
    render,
)

__all__ = ["draw_comparison"]

_WIDTH = 0.26  # of each bar; three take 0.78 of their slot
_COLOURS = {"api": API, "ft": FT, "best": FT_PROJECT}


def draw_comparison(plan: ComparisonPlan) -> Drawing:
    """The plan's chart as a PNG."""
    fig, ax = new_figure(bottom=0.3)
    for i, group in enumerate(plan.groups):
        for k, (key, value) in enumerate(group.bars):
            x = i + (k - 1) * _WIDTH
            ax.bar(x, value, _WIDTH, color=_COLOURS[key], zorder=3,
                   hatch="//" if key == "best" else None, edgecolor="white", linewidth=0)
            ax.annotate(escape(money_tick(value)), xy=(x, max(value, 0.0)), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=SIZE["note"], color=INK, fontweight="bold")
    low, high = plan.y_range
    money_axis(ax, log=False, low=low, high=high, label=plan.y_label)
    if low < 0:
        ax.axhline(0, color=GREY, linewidth=1.2)
    ax.set_xlim(-0.6, len(plan.groups) - 0.4)
    ax.set_xticks(range(len(plan.groups)), [escape(group.label) for group in plan.groups])
    ax.tick_params(axis="x", length=0, labelsize=SIZE["tick"])
    ax.get_xticklabels()[plan.winner].set_fontweight("bold")
    ax.grid(False, axis="x")
    fig.legend(handles=[Patch(color=API, label="Today's API"),
                        Patch(color=FT, label="Self-hosted fine-tune"),
                        Patch(facecolor=FT_PROJECT, hatch="//", edgecolor="white",
                              label="Best option")],
               loc="upper right", bbox_to_anchor=(0.97, 0.87), ncols=3, frameon=False,
               fontsize=SIZE["legend"])
    return render(fig, plan.words)
