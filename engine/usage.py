"""Measured usage → the workload: numbers in, figures out (no files, no clock).

A reader (``bot.usage``) turns a provider's export into :class:`Bucket` rows — one per time
interval and model (and batch tier, when the export says), with that interval's requests and
tokens — and :func:`derive` turns them into the figures a workload needs:

* **Days.** A bucket belongs to the UTC day it starts in. The file's first and last days
  count as *whole* only when the data reaches their first and last hour, and a day with a
  bucket still open at ``now`` is partial; partial days are left out of every figure below
  (they would read as a dip). Days inside the span with no bucket had no traffic.
* **The recent window.** The last 28 whole days (four of each weekday), else the most whole
  weeks there are, else every whole day: requests/day, tokens/request, the cached-input
  share, the batch share and the model mix are measured over it.
* **Growth.** ``log(daily total) = a + b·day + weekday effect`` fitted by least squares on
  every whole day with traffic (requests, or tokens where the export counts no requests), so
  a weekly pattern is absorbed by the weekday terms and never read as growth. Monthly growth
  is ``exp(30·b) − 1``; its range is the 90% confidence interval of ``b`` (Student's t on
  the fit's residuals, which assumes day-to-day noise is independent). It needs 14 whole
  days with traffic; fewer, and no growth is measured (and the note says so).
* **Traffic shape** (buckets of an hour or less): the average day's tokens by UTC hour; the
  hours with at least half the busiest hour's traffic are the peak hours, the rest of the
  traffic is the off-peak share — the shape :mod:`engine.serving` scales the fleet with.

>>> day = 86_400
>>> rows = [Bucket(start=d * day, end=(d + 1) * day, model="gpt-4o", requests=1000,
...                input_tokens=500_000, output_tokens=200_000, cached_input_tokens=100_000,
...                batch=None) for d in range(20_362, 20_390)]
>>> f = derive(rows, now=20_400 * day, source="usage.json")
>>> f.first_day.isoformat(), f.days, f.requests_per_day, f.avg_input_tokens_per_request
('2025-10-01', 28, 1000.0, 500.0)
>>> f.cached_input_share, f.models, round(f.growth.monthly_rate, 6) if f.growth else None
(0.2, {'gpt-4o': 1.0}, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from engine.errors import UsageDataError
from engine.measurement import Growth, UsageFigures

__all__ = [
    "Bucket",
    "Growth",
    "UsageDataError",
    "UsageFigures",
    "derive",
    "t_quantile_95",
    "with_request_count",
    "with_request_size",
]

DAY = 86_400
HOUR = 3_600
WINDOW_DAYS = 28
MIN_GROWTH_DAYS = 14
#: Workload.monthly_growth_rate's bounds: a measured range is clipped to them.
GROWTH_BOUNDS = (-0.5, 1.0)


@dataclass(frozen=True, slots=True)
class Bucket:
    """One interval's usage, ``start``/``end`` in Unix seconds (UTC). ``requests`` is None
    when the source counts none; ``input_tokens`` includes ``cached_input_tokens``;
    ``batch`` is None when the source does not say."""

    start: int
    end: int
    model: str | None
    requests: int | None
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    batch: bool | None


def _day(index: int) -> date:
    return datetime.fromtimestamp(index * DAY, tz=UTC).date()


def t_quantile_95(df: int) -> float:
    """Student's t 95th percentile (one side of a 90% interval), by the Cornish–Fisher
    expansion around the normal's 1.6449 (within 0.2% from 5 degrees of freedom up).

    >>> round(t_quantile_95(6), 3), round(t_quantile_95(30), 3), round(t_quantile_95(10**6), 3)
    (1.943, 1.697, 1.645)
    """
    if df < 1:
        raise ValueError(f"df: {df} is not accepted — give at least 1")
    z, v = 1.6448536269514722, float(df)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3))


def _fit_growth(days: list[int], totals: list[float], what: str) -> Growth | str:
    """The weekday-adjusted log-linear trend of ``totals``, or why there is none."""
    kept = [(d, t) for d, t in zip(days, totals, strict=True) if t > 0]
    if len(kept) < MIN_GROWTH_DAYS:
        return (f"growth not measured: it needs {MIN_GROWTH_DAYS} whole days with traffic "
                f"to tell a trend from the weekly pattern; the file has {len(kept)}")
    d = np.array([k[0] for k in kept], dtype=float)
    y = np.log(np.array([k[1] for k in kept], dtype=float))
    weekday = (d.astype(int) + 3) % 7  # day 0 (1970-01-01) was a Thursday; Monday is 0
    columns = [np.ones_like(d), d - d.mean()]
    columns += [(weekday == w).astype(float) for w in sorted(set(weekday.tolist()))[1:]]
    x = np.column_stack(columns)
    coef, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    df = len(y) - x.shape[1]
    if rank < x.shape[1] or df < 1:
        return "growth not measured: the days with traffic do not separate a trend from " \
               "the weekday pattern"
    residual = y - x @ coef
    sigma2 = float(residual @ residual) / df
    se = math.sqrt(sigma2 * float(np.linalg.inv(x.T @ x)[1, 1]))
    b, half = float(coef[1]), t_quantile_95(df) * se
    rate, low, high = (math.expm1(30 * v) for v in (b, b - half, b + half))
    lo_bound, hi_bound = GROWTH_BOUNDS
    clipped = low < lo_bound or high > hi_bound or not lo_bound <= rate <= hi_bound

    def clip(v: float) -> float:  # and rounded: a flat series fits 0, not 3e-15
        return round(min(max(v, lo_bound), hi_bound), 10)

    return Growth(monthly_rate=clip(rate), low=clip(low), high=clip(high), fitted_on=what,
                  days=len(kept), first_day=_day(int(d[0])), last_day=_day(int(d[-1])),
                  clipped=clipped)


def _shape(buckets: Iterable[Bucket], window: range) -> tuple[float, float] | None:
    """(peak hours a day, off-peak share) of the window's average day, by UTC hour."""
    by_hour = [0.0] * 24
    for b in buckets:
        if b.start // DAY in window:
            by_hour[(b.start % DAY) // HOUR] += b.input_tokens + b.output_tokens
    busiest, total = max(by_hour), sum(by_hour)
    if total <= 0:
        return None
    peak = [h for h in by_hour if h >= busiest / 2]
    return float(len(peak)), max(0.0, 1 - sum(peak) / total)


def derive(buckets: list[Bucket], *, now: int, source: str) -> UsageFigures:
    """The workload figures of ``buckets`` as of ``now`` (Unix seconds); ``source`` names
    the file in the figures' provenance."""
    if not buckets:
        raise UsageDataError("no usage buckets")
    first = min(b.start for b in buckets) // DAY
    last = max(b.start for b in buckets) // DAY
    span = last - first + 1
    counted = all(b.requests is not None for b in buckets)
    req = [0] * span
    tin, tout, cached = [0] * span, [0] * span, [0] * span
    open_days: set[int] = set()
    starts, ends = [DAY] * span, [0] * span
    for b in buckets:
        i = b.start // DAY - first
        req[i] += b.requests or 0
        tin[i] += b.input_tokens
        tout[i] += b.output_tokens
        cached[i] += b.cached_input_tokens
        starts[i] = min(starts[i], b.start % DAY)
        ends[i] = max(ends[i], b.end - (first + i) * DAY)
        if b.end > now:
            open_days.add(i)
    whole = [i for i in range(span) if i not in open_days
             and not (i == 0 and starts[0] >= HOUR)
             and not (i == span - 1 and ends[i] <= DAY - HOUR)]
    notes: list[str] = []
    left_out = span - len(whole)
    if not whole:
        raise UsageDataError(
            f"no whole day of usage: from {_day(first)} to {_day(last)} every day is "
            "partial (the data must reach a day's first and last hour)")
    if left_out:
        notes.append(f"{left_out} partial day{'s' * (left_out != 1)} at the edges left out")
    n = len(whole)
    size = WINDOW_DAYS if n >= WINDOW_DAYS else (n // 7 * 7 if n >= 7 else n)
    window = whole[-size:]
    wdays = range(first + window[0], first + window[-1] + 1)
    w_req, w_in, w_out, w_cached = (sum(col[i] for i in window)
                                    for col in (req, tin, tout, cached))
    if w_in + w_out == 0 and (not counted or w_req == 0):
        raise UsageDataError(f"no traffic in the recent window ({_day(wdays[0])} to "
                             f"{_day(wdays[-1])})")
    by_model: dict[str, float] = {}
    batch_known = batch_tokens = 0
    for b in buckets:
        if b.start // DAY in wdays:
            used = b.input_tokens + b.output_tokens
            if b.model is not None and used:
                by_model[b.model] = by_model.get(b.model, 0) + used
            if b.batch is not None:
                batch_known += used
                batch_tokens += used if b.batch else 0
    named = sum(by_model.values())
    models = {m: v / named for m, v in sorted(by_model.items(), key=lambda kv: -kv[1])}
    if not models:
        notes.append("the export is not grouped by model: no model mix")
    daily = req if counted else [a + b for a, b in zip(tin, tout, strict=True)]
    growth = _fit_growth([first + i for i in whole], [float(daily[i]) for i in whole],
                         "requests" if counted else "tokens")
    hourly = all(b.end - b.start <= HOUR for b in buckets)
    shape = _shape(buckets, wdays) if hourly else None
    per_day = w_req / size if counted else None
    return UsageFigures(
        source=source, first_day=_day(first), last_day=_day(last), days=span, whole_days=n,
        hourly=hourly, requests=sum(req) if counted else None, input_tokens=sum(tin),
        output_tokens=sum(tout), cached_input_tokens=sum(cached),
        window_first_day=_day(wdays[0]), window_last_day=_day(wdays[-1]), window_days=size,
        requests_per_day=per_day, input_tokens_per_day=w_in / size,
        output_tokens_per_day=w_out / size,
        avg_input_tokens_per_request=w_in / w_req if counted and w_req else None,
        avg_output_tokens_per_request=w_out / w_req if counted and w_req else None,
        cached_input_share=w_cached / w_in if w_in else None,
        batch_share=batch_tokens / batch_known if batch_known else None,
        models=models, dominant_model=next(iter(models), None),
        growth=growth if isinstance(growth, Growth) else None,
        growth_note=growth if isinstance(growth, str) else None,
        peak_hours_per_day=shape[0] if shape else None,
        off_peak_traffic_share=shape[1] if shape else None,
        notes=tuple(notes),
    )


def with_request_count(figures: UsageFigures, *, requests_per_day: float) -> UsageFigures:
    """Figures of an export without request counts, given the requests a day.

    >>> f = _tokens_only(input_per_day=8_000_000, output_per_day=1_000_000)
    >>> g = with_request_count(f, requests_per_day=10_000)
    >>> g.avg_input_tokens_per_request, g.avg_output_tokens_per_request
    (800.0, 100.0)
    """
    if not requests_per_day > 0:
        raise ValueError(f"requests_per_day: {requests_per_day:g} is not accepted — give a "
                         "number above 0")
    return figures.model_copy(update={
        "requests_per_day": requests_per_day,
        "avg_input_tokens_per_request": figures.input_tokens_per_day / requests_per_day,
        "avg_output_tokens_per_request": figures.output_tokens_per_day / requests_per_day,
    })


def with_request_size(figures: UsageFigures, *,
                      avg_input_tokens_per_request: float) -> UsageFigures:
    """Figures of an export without request counts, given the average request's input.

    >>> f = _tokens_only(input_per_day=8_000_000, output_per_day=1_000_000)
    >>> g = with_request_size(f, avg_input_tokens_per_request=400)
    >>> g.requests_per_day, g.avg_output_tokens_per_request
    (20000.0, 50.0)
    """
    if not avg_input_tokens_per_request > 0:
        raise ValueError(f"avg_input_tokens_per_request: {avg_input_tokens_per_request:g} is "
                         "not accepted — give a number above 0")
    return with_request_count(
        figures, requests_per_day=figures.input_tokens_per_day / avg_input_tokens_per_request)


def _tokens_only(*, input_per_day: int, output_per_day: int) -> UsageFigures:
    """A week of daily buckets without request counts (for the examples above)."""
    rows = [Bucket(start=d * DAY, end=(d + 1) * DAY, model=None, requests=None,
                   input_tokens=input_per_day, output_tokens=output_per_day,
                   cached_input_tokens=0, batch=None) for d in range(7)]
    return derive(rows, now=30 * DAY, source="example")
