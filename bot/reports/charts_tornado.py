"""The tornado chart drawn: how far monthly savings swing over each input's low and high.

Draws a :class:`~bot.reports.chart_plans.TornadoPlan` (:mod:`bot.reports.plan_tornado` says
what is plotted and why): one bar per input from today's savings to its low and its high
value, each end labelled, the zero (flip) line and today's savings. The axis is wide enough
for every bar, both lines and every end label, measured in pixels.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from bot.reports.chart_plans import Bar, Drawing, TornadoPlan
from bot.reports.charts_base import (
    FT,
    GREY,
    HEIGHT_PX,
    HIGH,
    INK,
    SIZE,
    escape,
    money_axis,
    new_figure,
    render,
    text_width_px,
)

__all__ = ["draw_tornado"]

_COLOURS = {"low": FT, "high": HIGH}  # blue: the input at its low value; orange: its high
_ROWS_AT_DEFAULT_HEIGHT = 11
_PX_PER_EXTRA_ROW = 40
_GAP_PT = 6  # between a bar's end and its label


def _label_ends(ax: Axes, y: int, bar: Bar) -> None:
    for x, text, side in bar.ends:
        ax.annotate(escape(text), xy=(x, y), xytext=(-_GAP_PT if side == "left" else _GAP_PT, 0),
                    textcoords="offset points", ha="right" if side == "left" else "left",
                    va="center", fontsize=SIZE["note"], color=INK, zorder=5,
                    # a white backing keeps a label readable across the zero line
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.8})


def _x_limits(fig: Figure, ax: Axes, bars: tuple[Bar, ...],
              baseline: float) -> tuple[float, float]:
    """Limits that fit every bar, the zero line and every end label, measured in pixels."""
    axes_px = ax.get_position().width * fig.get_figwidth() * fig.dpi
    gap_px = (_GAP_PT + 4) * fig.dpi / 72
    ends = [(x, text_width_px(fig, text, SIZE["note"]) + gap_px, side)
            for bar in bars for x, text, side in bar.ends]
    xs = [x for x, _, _ in ends] + [0.0, baseline]
    span = (max(xs) - min(xs)) or max(abs(baseline), 1.0)
    low, high = min(xs) - 0.03 * span, max(xs) + 0.03 * span
    for _ in range(30):  # labels take a share of the axis, which grows with the limits
        per_px = (high - low) / axes_px
        low = min([min(xs) - 0.03 * span] + [x - w * per_px for x, w, side in ends
                                              if side == "left"])
        high = max([max(xs) + 0.03 * span] + [x + w * per_px for x, w, side in ends
                                               if side == "right"])
        if high - low > 8 * span:  # labels wider than the axis: let them overflow instead
            break
    return low, high


def draw_tornado(plan: TornadoPlan) -> Drawing:
    """The plan's chart as a PNG."""
    bars, baseline = plan.bars, plan.baseline
    extra = max(0, len(bars) - _ROWS_AT_DEFAULT_HEIGHT)
    fig, ax = new_figure(height_px=HEIGHT_PX + extra * _PX_PER_EXTRA_ROW, left=0.24,
                         right=0.97, bottom=0.2)
    for y, bar in enumerate(bars):
        for savings, side in bar.sides:
            ax.barh(y, savings - baseline, left=baseline, height=0.62, color=_COLOURS[side],
                    zorder=3)
        _label_ends(ax, y, bar)
    ax.set_yticks(range(len(bars)), [escape(bar.label) for bar in bars])
    ax.set_ylim(len(bars) - 0.4, -0.6)  # first bar (largest swing) on top
    ax.grid(False, axis="y")
    ax.tick_params(axis="y", length=0)

    low, high = _x_limits(fig, ax, bars, baseline)
    money_axis(ax, log=False, low=low, high=high, label=plan.x_label, axis="x")
    ax.axvline(0, color=INK, linewidth=2, zorder=4)
    ax.axvline(baseline, color=GREY, linewidth=1.2, linestyle=(0, (4, 3)), zorder=4)
    fig.legend(handles=[Patch(color=_COLOURS["low"], label="input at its low value"),
                        Patch(color=_COLOURS["high"], label="input at its high value"),
                        Line2D([], [], color=INK, linewidth=2, label="flip: savings $0"),
                        Line2D([], [], color=GREY, linewidth=1.2, linestyle=(0, (4, 3)),
                               label=escape(plan.today_label))],
               loc="lower center", bbox_to_anchor=(0.5, 0.055), ncols=4, frameon=False,
               fontsize=SIZE["legend"])
    return render(fig, plan.words)
