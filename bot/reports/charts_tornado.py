"""The tornado chart: how far monthly savings swing over each input's low and high.

One bar per :class:`engine.sensitivity.TornadoBar`, in the analysis's order (largest swing
on top), drawn from today's savings to the savings at the input's low value and at its high
value, each end labelled with that value. The zero line is where the decision flips: a bar
that crosses it is an input whose range alone can change the answer.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from bot.reports.charts_base import (
    FT,
    GREY,
    HEIGHT_PX,
    HIGH,
    INK,
    SIZE,
    Chart,
    escape,
    money_axis,
    new_figure,
    render,
    text_width_px,
)
from engine.analysis import Analysis
from engine.figures import in_unit, usd
from engine.sensitivity import TornadoBar

__all__ = ["tornado_chart"]

_LOW, _HIGH = FT, HIGH  # blue: the input at its low value; orange: at its high value
_ROWS_AT_DEFAULT_HEIGHT = 11
_PX_PER_EXTRA_ROW = 40
_GAP_PT = 6  # between a bar's end and its label


def _flips(bar: TornadoBar) -> bool:
    low, high = sorted((bar.savings_at_low_usd, bar.savings_at_high_usd))
    return low < 0 < high


def _title(a: Analysis) -> str:
    flipping = [bar.label for bar in a.tornado if _flips(bar)]
    if len(flipping) == 1:
        return f"“{flipping[0]}” alone can flip the decision within its range"
    if flipping:
        return f"{len(flipping)} inputs can each flip the decision, “{flipping[0]}” most"
    if a.monthly.savings_usd > 0:
        return "Fine-tuning saves money across every input's range"
    return "The API stays cheaper across every input's range"


def _value(bar: TornadoBar, value: float) -> str:
    """The input's value in its unit; a plural unit turns singular at exactly one.

    >>> _value(TornadoBar(path="model.num_instances", label="Instances", unit="instances",
    ...                   low=1, high=1.25, savings_at_low_usd=0, savings_at_high_usd=-1,
    ...                   swing_usd=1, spread="default ±25%"), 1.0)
    '1 instance'
    """
    text = in_unit(value, bar.unit)
    if text == f"1 {bar.unit}" and bar.unit.isalpha() and bar.unit.endswith("s"):
        text = text.removesuffix("s")
    return escape(text)


def _end_labels(bar: TornadoBar, baseline: float) -> list[tuple[float, str, str]]:
    """(x, text, side) for each end of the bar: the input value that puts savings there."""
    (left, left_value), (right, right_value) = sorted(
        [(bar.savings_at_low_usd, bar.low), (bar.savings_at_high_usd, bar.high)])
    if left == right:
        return [(baseline, f"{_value(bar, bar.low)} – {_value(bar, bar.high)}: no change",
                 "right")]
    return [(min(left, baseline), _value(bar, left_value), "left"),
            (max(right, baseline), _value(bar, right_value), "right")]


def _label_ends(ax: Axes, y: int, bar: TornadoBar, baseline: float) -> None:
    for x, text, side in _end_labels(bar, baseline):
        ax.annotate(text, xy=(x, y), xytext=(-_GAP_PT if side == "left" else _GAP_PT, 0),
                    textcoords="offset points", ha="right" if side == "left" else "left",
                    va="center", fontsize=SIZE["note"], color=INK, zorder=5,
                    # a white backing keeps a label readable across the zero line
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.8})


def _x_limits(fig: Figure, ax: Axes, bars: list[TornadoBar],
              baseline: float) -> tuple[float, float]:
    """Limits that fit every bar, the zero line and every end label, measured in pixels."""
    axes_px = ax.get_position().width * fig.get_figwidth() * fig.dpi
    gap_px = (_GAP_PT + 4) * fig.dpi / 72
    ends = [(x, text_width_px(fig, text, SIZE["note"]) + gap_px, side)
            for bar in bars for x, text, side in _end_labels(bar, baseline)]
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


def _ranges_note(bars: list[TornadoBar]) -> str:
    """Where the lows and highs come from, in one sentence."""
    spreads = {bar.spread for bar in bars}
    defaults = sorted((s.removeprefix("default ") for s in spreads if s.startswith("default")),
                      key=lambda s: (not s.startswith("±"), s.strip("±%").zfill(8)))
    parts = []
    if spreads - {f"default {d}" for d in defaults}:
        parts.append("the scenario's ranges")
    if defaults:
        parts.append("today's value " + " or ".join(defaults))
    return "Lows and highs: " + ", otherwise ".join(parts) + "."


def tornado_chart(analysis: Analysis) -> Chart:
    """Monthly savings at each input's low and high, sorted, with the zero (flip) line.

    ``data``: ``bars`` as dicts (``label``, ``path``, ``low``, ``high``, ``savings_at_low``,
    ``savings_at_high``) in the analysis's order, top bar first; ``baseline`` today's
    monthly savings; ``zero`` the flip line (0).
    """
    a = analysis
    bars = a.tornado
    baseline = a.monthly.savings_usd
    extra = max(0, len(bars) - _ROWS_AT_DEFAULT_HEIGHT)
    fig, ax = new_figure(height_px=HEIGHT_PX + extra * _PX_PER_EXTRA_ROW, left=0.24,
                         right=0.97, bottom=0.2)
    for y, bar in enumerate(bars):
        sides = [(bar.savings_at_low_usd, _LOW), (bar.savings_at_high_usd, _HIGH)]
        # The longer side first, so one on the same side of today's savings stays visible.
        for savings, colour in sorted(sides, key=lambda side: -abs(side[0] - baseline)):
            ax.barh(y, savings - baseline, left=baseline, height=0.62, color=colour, zorder=3)
        _label_ends(ax, y, bar, baseline)
    ax.set_yticks(range(len(bars)), [escape(bar.label) for bar in bars])
    ax.set_ylim(len(bars) - 0.4, -0.6)  # first bar (largest swing) on top
    ax.grid(False, axis="y")
    ax.tick_params(axis="y", length=0)

    low, high = _x_limits(fig, ax, bars, baseline)
    money_axis(ax, log=False, low=low, high=high,
               label="Monthly savings, after the amortised project", axis="x")
    ax.axvline(0, color=INK, linewidth=2, zorder=4)
    ax.axvline(baseline, color=GREY, linewidth=1.2, linestyle=(0, (4, 3)), zorder=4)
    fig.legend(handles=[Patch(color=_LOW, label="input at its low value"),
                        Patch(color=_HIGH, label="input at its high value"),
                        Line2D([], [], color=INK, linewidth=2, label="flip: savings $0"),
                        Line2D([], [], color=GREY, linewidth=1.2, linestyle=(0, (4, 3)),
                               label=escape(f"today: {usd(baseline)}"))],
               loc="lower center", bbox_to_anchor=(0.5, 0.055), ncols=4, frameon=False,
               fontsize=SIZE["legend"])

    title = _title(a)
    alt = (f"Tornado chart of monthly savings as each of {len(bars)} inputs moves between "
           f"its low and high, around today's {usd(baseline)}")
    if bars:
        low, high = sorted((bars[0].savings_at_low_usd, bars[0].savings_at_high_usd))
        alt += f": {bars[0].label} moves them most, from {usd(low)} to {usd(high)}"
    alt += f"; {title[0].lower()}{title[1:]}."
    data: dict[str, Any] = {
        "baseline": baseline,
        "zero": 0.0,
        "bars": [{"label": bar.label, "path": bar.path, "low": bar.low, "high": bar.high,
                  "savings_at_low": bar.savings_at_low_usd,
                  "savings_at_high": bar.savings_at_high_usd} for bar in bars],
    }
    return render(fig, title=title,
                  subtitle="Monthly savings (API − fine-tuned, after the amortised project) as "
                           "each input moves alone",
                  caption=_ranges_note(bars) + " The fleet and every other input as today.",
                  alt_text=alt, data=data)
