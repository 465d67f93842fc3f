"""The workbook's Timeline sheet: month by month, with growth, every option's cumulative cost.

Month m counts the share of it the lifetime covers (1, …, 1, the fraction of the last),
runs at today's volume × (1 + growth)^(m − 1), and pays each option's fixed cost plus its
variable cost × that growth (the self-hosted fine-tune also its serving, the fleet re-sized
for the month's volume when ftroi sizes it). Month 0 is launch: each option's one-time cost.
The rows run past the lifetime (counted 0) so a longer lifetime typed in the Inputs still
adds up; a check cell says when it outgrows them.

Beside each option two helper columns find its payback as :func:`engine.lifetime.
crossover_month` does: what is left to recover, and — in the month it falls to zero — the
months counted before it plus the interpolated share of that month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.reports.workbook_costs import TOKENS, fleet_hours_formula
from bot.reports.workbook_grid import (
    OPTIONS,
    OPTIONS_FIRST_ROW,
    Col,
    TCol,
    cell,
    month_row,
    timeline_behind_col,
    timeline_cost_col,
    timeline_cross_col,
    timeline_cumulative_col,
)
from bot.reports.workbook_inputs import Style
from engine.analysis import Analysis
from engine.lifetime import month_growth, month_weights
from engine.option_costs import Money, monthly_series
from engine.resolve import Resolved
from engine.serving import fleet_instance_hours_per_day

__all__ = ["TimelineEntry", "timeline_entries", "timeline_months"]

_TOLERANCE = 1e-9  # as engine.lifetime.crossover_month counts a cost recovered


@dataclass(frozen=True)
class TimelineEntry:
    row: int
    col: int
    expected: float | str
    formula: str | None = None
    style: Style = "money"


def timeline_months(lifetime_months: float) -> int:
    """How many months the Timeline lists: twice the lifetime, at least three years.

    >>> timeline_months(18), timeline_months(24.5), timeline_months(400)
    (36, 50, 600)
    """
    return int(min(600, max(36, 2 * np.ceil(lifetime_months - 1e-12))))


def _option(k: int, col: Col) -> str:
    return cell(OPTIONS_FIRST_ROW + k, col, sheet=OPTIONS)


def _fleet_hours(a: Analysis, volume: np.ndarray) -> np.ndarray:
    """Instance-hours a day in each month, as the engine's monthly series counts them."""
    sv, w, model = a.serving, a.inputs.workload, a.inputs.model
    if not sv.sized_automatically:
        return np.full(volume.shape, sv.instance_hours_per_day)
    _, hours, _ = fleet_instance_hours_per_day(
        volume * w.tokens_per_request, sv.throughput_tokens_per_s_per_instance,
        model.target_utilisation, peak_hours_per_day=w.peak_hours_per_day,
        off_peak_traffic_share=w.off_peak_traffic_share)
    return np.asarray(hours, dtype=float)


def _month_entries(a: Analysis, months: int) -> tuple[list[TimelineEntry], np.ndarray]:
    """The shared columns (month, weight, growth, volume, fleet, serving); the weights."""
    w = a.inputs.workload
    weights = np.zeros(months)
    counted = month_weights(a.inputs.project.model_lifetime_months)[:months]
    weights[:counted.size] = counted
    grown = month_growth(w.monthly_growth_rate, months)
    volume = w.requests_per_day * grown
    hours = _fleet_hours(a, volume)
    serving = a.serving.instance_usd_per_hour * hours * 30
    out = [TimelineEntry(month_row(0), TCol.MONTH, 0.0, style="count"),
           TimelineEntry(month_row(0), TCol.COUNTED, 0.0, style="number")]
    for m in range(1, months + 1):
        r, i = month_row(m), m - 1
        here = {c: cell(r, c, absolute=False) for c in TCol}
        out += [
            TimelineEntry(r, TCol.MONTH, float(m), style="count"),
            TimelineEntry(r, TCol.WEIGHT, float(weights[i]),
                          f"MAX(0,MIN(1,lifetime_months-({here[TCol.MONTH]}-1)))", "number"),
            TimelineEntry(r, TCol.COUNTED, float(weights[: m].sum()),
                          f"{cell(r - 1, TCol.COUNTED, absolute=False)}+{here[TCol.WEIGHT]}",
                          "number"),
            TimelineEntry(r, TCol.GROWTH, float(grown[i]),
                          f"(1+monthly_growth)^({here[TCol.MONTH]}-1)", "number"),
            TimelineEntry(r, TCol.REQUESTS, float(volume[i]),
                          f"requests_per_day*{here[TCol.GROWTH]}", "count"),
            TimelineEntry(r, TCol.INSTANCE_HOURS, float(hours[i]),
                          "IF(fixed_instances>0,instance_hours,"
                          f"{fleet_hours_formula(f'{here[TCol.REQUESTS]}*{TOKENS}')})", "number"),
            TimelineEntry(r, TCol.SERVING, float(serving[i]),
                          f"instance_price*{here[TCol.INSTANCE_HOURS]}*days_per_month"),
        ]
    return out, weights


def _crossings(behind: np.ndarray, gains: np.ndarray, weights: np.ndarray) -> list[float | str]:
    """The helper column's figure in each month: the payback where it is reached there."""
    out: list[float | str] = []
    for m in range(1, behind.size):
        fresh = m == 1 or behind[m - 1] > _TOLERANCE
        if fresh and behind[m] <= _TOLERANCE and gains[m - 1] > 0:
            out.append(float(weights[: m - 1].sum() + weights[m - 1] * behind[m - 1]
                             / gains[m - 1]))
        else:
            out.append("")
    return out


def timeline_entries(a: Analysis, resolved: Resolved, money: list[Money],
                     self_hosted: list[bool], *, months: int) -> list[TimelineEntry]:
    """Every cell of the Timeline below its headers; option k is ``money[k]`` (today's API
    first)."""
    out, weights = _month_entries(a, months)
    s, n = a.inputs, len(money)
    series = [monthly_series(m, s, resolved, self_hosted=own, weights=weights)
              for m, own in zip(money, self_hosted, strict=True)]
    cumulative = [np.concatenate(([float(m.one_time)], float(m.one_time)
                                  + np.cumsum(x * weights))) for m, x in zip(money, series,
                                                                             strict=True)]
    for k in range(n):
        cost, cum = timeline_cost_col(k), timeline_cumulative_col(k)
        out.append(TimelineEntry(month_row(0), cum, float(cumulative[k][0]),
                                 _option(k, Col.ONE_TIME)))
        for m in range(1, months + 1):
            r = month_row(m)
            formula = (f"{_option(k, Col.FIXED)}+{_option(k, Col.VARIABLE)}"
                       f"*{cell(r, TCol.GROWTH, absolute=False)}")
            if self_hosted[k]:
                formula += f"+{cell(r, TCol.SERVING, absolute=False)}"
            out += [TimelineEntry(r, cost, float(series[k][m - 1]), formula),
                    TimelineEntry(r, cum, float(cumulative[k][m]),
                                  f"{cell(r - 1, cum, absolute=False)}+"
                                  f"{cell(r, cost, absolute=False)}"
                                  f"*{cell(r, TCol.WEIGHT, absolute=False)}")]
        if k:
            out += _helpers(k, n, cumulative, series, weights, months)
    return out


def _helpers(k: int, n: int, cumulative: list[np.ndarray], series: list[np.ndarray],
             weights: np.ndarray, months: int) -> list[TimelineEntry]:
    behind_col, cross_col = timeline_behind_col(k, n), timeline_cross_col(k, n)
    behind = cumulative[k] - cumulative[0]
    gains = (series[0] - series[k]) * weights
    crossings = _crossings(behind, gains, weights)
    here = lambda r, c: cell(r, c, absolute=False)  # noqa: E731
    out = [TimelineEntry(month_row(m), behind_col, float(behind[m]),
                         f"{here(month_row(m), timeline_cumulative_col(k))}"
                         f"-{here(month_row(m), timeline_cumulative_col(0))}")
           for m in range(months + 1)]
    for m in range(1, months + 1):
        r = month_row(m)
        gain = (f"({here(r, timeline_cost_col(0))}-{here(r, timeline_cost_col(k))})"
                f"*{here(r, TCol.WEIGHT)}")
        now, before = here(r, behind_col), here(r - 1, behind_col)
        fresh = "" if m == 1 else f"{before}>1E-9,"
        out.append(TimelineEntry(
            r, cross_col, crossings[m - 1],
            f"IF(AND({fresh}{now}<=1E-9,{gain}>0),{here(r - 1, TCol.COUNTED)}"
            f"+{here(r, TCol.WEIGHT)}*{before}/({gain}),\"\")", "months"))
    return out
