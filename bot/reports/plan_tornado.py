"""The tornado chart's plan: how far monthly savings swing over each input's low and high.

One bar per :class:`engine.sensitivity.TornadoBar`, in the analysis's order (largest swing
on top), drawn from today's savings to the savings at the input's low value and at its high
value, each end labelled with that value. The zero line is where the decision flips: a bar
that crosses it is an input whose range alone can change the answer. Drawn by
:mod:`bot.reports.charts_tornado`.
"""

from __future__ import annotations

from typing import Any, Literal

from bot.reports.chart_plans import Bar, Planned, TornadoPlan, Words
from engine.analysis import Analysis
from engine.figures import in_unit, usd
from engine.sensitivity import TornadoBar

__all__ = ["plan_tornado"]

Side = Literal["left", "right"]


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
    return text


def _end_labels(bar: TornadoBar, baseline: float) -> tuple[tuple[float, str, Side], ...]:
    """(x, text, side) for each end of the bar: the input value that puts savings there."""
    (left, left_value), (right, right_value) = sorted(
        [(bar.savings_at_low_usd, bar.low), (bar.savings_at_high_usd, bar.high)])
    if left == right:
        return ((baseline, f"{_value(bar, bar.low)} – {_value(bar, bar.high)}: no change",
                 "right"),)
    return ((min(left, baseline), _value(bar, left_value), "left"),
            (max(right, baseline), _value(bar, right_value), "right"))


def _bar(bar: TornadoBar, baseline: float) -> Bar:
    sides: list[tuple[float, Literal["low", "high"]]] = [
        (bar.savings_at_low_usd, "low"), (bar.savings_at_high_usd, "high")]
    # The longer side first, so one on the same side of today's savings stays visible.
    sides.sort(key=lambda side: -abs(side[0] - baseline))
    return Bar(label=bar.label, sides=tuple(sides), ends=_end_labels(bar, baseline))


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


def plan_tornado(analysis: Analysis) -> Planned[TornadoPlan]:
    """Monthly savings at each input's low and high, sorted, with the zero (flip) line.

    ``data``: ``bars`` as dicts (``label``, ``path``, ``low``, ``high``, ``savings_at_low``,
    ``savings_at_high``) in the analysis's order, top bar first; ``baseline`` today's
    monthly savings; ``zero`` the flip line (0).
    """
    a = analysis
    bars = list(a.tornado)
    baseline = a.monthly.savings_usd
    title = _title(a)
    alt = (f"Tornado chart of monthly savings as each of {len(bars)} inputs moves between "
           f"its low and high, around today's {usd(baseline)}")
    if bars:
        low, high = sorted((bars[0].savings_at_low_usd, bars[0].savings_at_high_usd))
        alt += f": {bars[0].label} moves them most, from {usd(low)} to {usd(high)}"
    alt += f"; {title[0].lower()}{title[1:]}."
    words = Words(title=title,
                  subtitle="Monthly savings (API − fine-tuned, after the amortised project) as "
                           "each input moves alone",
                  caption=_ranges_note(bars) + " The fleet and every other input as today.",
                  alt_text=alt)
    plan = TornadoPlan(words=words, bars=tuple(_bar(bar, baseline) for bar in bars),
                       baseline=baseline, today_label=f"today: {usd(baseline)}",
                       x_label="Monthly savings, after the amortised project")
    data: dict[str, Any] = {
        "baseline": baseline,
        "zero": 0.0,
        "bars": [{"label": bar.label, "path": bar.path, "low": bar.low, "high": bar.high,
                  "savings_at_low": bar.savings_at_low_usd,
                  "savings_at_high": bar.savings_at_high_usd} for bar in bars],
    }
    return Planned(plan, data)
