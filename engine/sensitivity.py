"""Sensitivity: where each main input flips the decision, and a tornado of savings.

The decision is monthly savings *including* the amortised project cost; it flips where they
cross zero. Both questions hold the serving fleet at today's size (more volume on the same
instances) and every other input at today's value.

**Flip points.** With the fleet held, savings are exactly linear in every main input but
two: the model lifetime enters as 1/lifetime (solved exactly in that variable), and under a
traffic shape the fleet's hours are piecewise linear in the number of instances (the
off-peak fleet is capped by the peak fleet). Every input is solved from two points, all
inputs in one vectorised evaluation, and checked by a second; an input that is not linear,
or whose check misses by more than a hundredth of a cent, is found by a vectorised
bracketing scan and k-section (bisection that splits each bracket in 16, plus a secant
point, per step). Each input has a valid domain (review rate 0–1, lifetime 1–600 months,
instances ≥ 1, everything else ≥ 0): a flip outside it is reported as none, with the
reason. Whole-number inputs (instances, training runs) are treated as continuous: the first
whole number past the flip is the first that flips.

**Tornado.** Each bar spans the input's low/high from ``scenario.ranges`` when given (the
total engineer hours sums the phase ranges, unranged phases at their values; any other ranged
input :func:`engine.resolve.point` can vary gets its own bar), otherwise a default spread:
±50% for requests/day, the API price and the instance price, ×0.85 – ×1.75 for the engineer
hours (they overrun more than they underrun), ±25% for the rest, clipped to the valid
domain. All bars are evaluated in one vectorised call and sorted by swing.

>>> from datetime import date
>>> from engine.models import Scenario
>>> from engine.resolve import resolve
>>> s = Scenario(api={"price_book": "seed_2024"},  # gpt-4o at $5 / $15 per 1M
...              model={"instance_usd_per_hour": 1, "storage_usd_per_month": 0,
...                     "num_instances": 1},
...              project={"compute_usd_per_run": 100,  # 8 × $100 + 132 h × $150
...                       "maintenance_hours_per_month": 0, "retrain_every_months": 0})
>>> f = {p.path: p for p in flip_points(s, resolve(s, at=date(2026, 11, 24)))}
>>> round(f["workload.requests_per_day"].flip)  # ($720 + $20,600 / 18) / (30 × $5,500 / 1M)
11300
>>> round(f["project.model_lifetime_months"].flip, 2)  # = payback: 20,600 / (8,250 − 720)
2.74
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from engine.figures import percent, quantity, usd
from engine.models import Scenario
from engine.resolve import PHASE_PATHS, POINT_INPUTS, Resolved, point
from engine.roi import costs, over_samples

__all__ = ["FlipPoint", "TornadoBar", "current_value", "flip_points", "tornado"]

Array = npt.NDArray[np.float64]
_SOLVED_USD = 1e-4  # |savings| accepted at a flip: a hundredth of a cent


class FlipPoint(BaseModel):
    """The value of one input at which monthly savings (incl. amortisation) reach zero.

    ``flip`` is None when no value in the valid domain flips the decision; ``reason`` says
    why. ``ratio`` is flip ÷ current (None when the current value is 0). For the API price
    the values are the blended $/1M over today's token mix and ``ratio`` is the scale.
    """

    path: str
    label: str
    unit: str
    current: float
    flip: float | None
    ratio: float | None
    flips_when: Literal["above", "below"] | None
    reason: str | None
    note: str | None


class TornadoBar(BaseModel):
    """Monthly savings (incl. amortisation) at one input's low and high value."""

    path: str
    label: str
    unit: str
    low: float
    high: float
    savings_at_low_usd: float
    savings_at_high_usd: float
    swing_usd: float
    spread: str


@dataclass(frozen=True)
class _Input:
    path: str
    label: str
    unit: str
    spread: float = 0.25
    lo: float = 0.0
    hi: float = math.inf
    reciprocal: bool = False
    whole: bool = False  # counted in whole units: the default spread rounds outwards
    skew: tuple[float, float] | None = None  # a default range of ×low – ×high instead


_MAIN = (
    _Input("workload.requests_per_day", "Requests per day", "requests/day", 0.5),
    _Input("api.price_scale", "API price (blended)", "$/1M tokens", 0.5),
    _Input("model.instance_usd_per_hour", "Instance price", "$/hour", 0.5),
    _Input("model.num_instances", "Instances", "instances", lo=1.0, whole=True),
    _Input("quality.human_review_rate_ft", "Review rate, fine-tuned", "fraction", hi=1.0),
    _Input("quality.cost_per_review_usd", "Cost per review", "$/review"),
    _Input("project.engineer_usd_per_hour", "Engineer rate", "$/hour"),
    # Hours overrun more often and by more than they underrun: engine.spreads' skew.
    _Input("project.engineer_hours.total", "Engineer hours (all phases)", "hours",
           skew=(0.85, 1.75)),
    _Input("project.model_lifetime_months", "Model lifetime", "months", lo=1.0, hi=600.0,
           reciprocal=True),
    _Input("project.num_training_runs", "Training runs", "runs", whole=True),
    _Input("project.compute_usd_per_run", "Compute per run", "$/run"),
)
_OTHER = {i.path: i for i in (  # inputs that get a tornado bar only when ranged
    _Input("workload.avg_input_tokens_per_request", "Input tokens per request", "tokens"),
    _Input("workload.avg_output_tokens_per_request", "Output tokens per request", "tokens"),
    _Input("api.input_usd_per_1m_tokens", "API input price", "$/1M tokens"),
    _Input("api.output_usd_per_1m_tokens", "API output price", "$/1M tokens"),
    _Input("model.storage_usd_per_month", "Storage", "$/month"),
    _Input("quality.human_review_rate_api", "Review rate, API", "fraction", hi=1.0),
)}




def current_value(scenario: Scenario, resolved: Resolved, path: str) -> float:
    """Today's value of an input :func:`engine.resolve.point` can vary (catalog values too)."""
    read = _CATALOG_VALUES.get(path)
    return float(read(scenario, resolved)) if read is not None else scenario.get(path)


#: Inputs whose value today comes from the catalogs (or is a total), read only when asked.
_CATALOG_VALUES: dict[str, Callable[[Scenario, Resolved], float]] = {
    "api.price_scale": lambda s, r: 1.0,
    "api.input_usd_per_1m_tokens": lambda s, r: r.api.input_usd_per_1m_tokens,
    "api.output_usd_per_1m_tokens": lambda s, r: r.api.output_usd_per_1m_tokens,
    "model.instance_usd_per_hour": lambda s, r: r.serving.instance_usd_per_hour,
    "model.num_instances": lambda s, r: float(r.serving.num_instances),
    "model.storage_usd_per_month": lambda s, r: r.serving.monthly_storage_usd,
    "model.throughput_tokens_per_s_per_instance":
        lambda s, r: r.serving.throughput_tokens_per_s_per_instance,
    "project.compute_usd_per_run": lambda s, r: r.compute_usd_per_run,
    "project.engineer_hours.total": lambda s, r: s.project.engineer_hours.total,
    # the API's until measured
    "quality.human_review_rate_ft": lambda s, r: s.quality.review_rate_ft,
}


def _savings(scenario: Scenario, resolved: Resolved, paths: Sequence[str], today: Array,
             values: Array, within: float | None = None) -> Array:
    """Savings with row i of ``values`` (K, m) replacing ``paths[i]``, all in one evaluate;
    ``today`` holds the inputs' current values (:func:`current_value`), in path order.

    With ``within`` (months) it is instead how far the project is from being paid back in
    that time: ``within`` × net before amortisation − project, zero where payback = within.
    """
    # Volume is always passed as an array: serving's fleet sizing takes its shape from it.
    overrides = {"workload.requests_per_day": np.full(values.shape,
                                                      scenario.workload.requests_per_day)}
    rows = np.arange(len(paths))
    columns = np.empty((len(paths), *values.shape))
    columns[...] = today.reshape(-1, *(1,) * values.ndim)
    columns[rows, rows] = values  # input i varies in row i, the rest stay at today's value
    overrides.update(zip(paths, columns, strict=True))
    o = costs(point(scenario, resolved, overrides))
    out = o.savings_monthly_usd if within is None else (
        within * o.net_before_amortisation_monthly_usd - o.project_usd)
    return over_samples(out, values.shape)


def _blended_usd_per_1m(resolved: Resolved, scenario: Scenario) -> float:
    w, a = scenario.workload, resolved.api
    tokens = w.tokens_per_request
    if tokens <= 0:
        return 0.0
    return (w.avg_input_tokens_per_request * a.input_usd_per_1m_tokens
            + w.avg_output_tokens_per_request * a.output_usd_per_1m_tokens) / tokens


def _domain(i: _Input) -> str:
    span = f"≥ {i.lo:g}" if math.isinf(i.hi) else f"between {i.lo:g} and {i.hi:g}"
    return f"{span} ({'× today' if i.path == 'api.price_scale' else i.unit})"


def flip_points(scenario: Scenario, resolved: Resolved, *,
                within: float | None = None) -> list[FlipPoint]:
    """The flip value of each main input, fleet held at today's size.

    With ``within`` (months), the value at which the fine-tune pays back in exactly that
    many months instead (the model lifetime, which payback does not depend on, is left out).
    """
    inputs = _MAIN if within is None else tuple(
        i for i in _MAIN if i.path != "project.model_lifetime_months")
    paths = [i.path for i in inputs]
    x0 = np.array([current_value(scenario, resolved, p) for p in paths])
    lo, hi = np.array([i.lo for i in inputs]), np.array([i.hi for i in inputs])
    recip = np.array([i.reciprocal for i in inputs])
    t0 = np.divide(1.0, x0, out=x0.copy(), where=recip)  # lifetime ≥ 1: never 0
    t1 = np.where(t0 != 0, 2 * t0, 1.0)
    both = np.stack([t0, t1], axis=1)
    s = _savings(scenario, resolved, paths, x0,
                 np.divide(1.0, both, out=both.copy(), where=recip[:, None]), within)
    s0, s1 = s[:, 0], s[:, 1]
    flat = np.abs(s1 - s0) <= 1e-12 * np.maximum(1.0, np.abs(s0))
    t_star = t0 - s0 * (t1 - t0) / np.where(flat, 1.0, s1 - s0)
    positive_t = t_star > 0
    x_star = np.where(recip, np.nan, t_star)
    np.divide(1.0, t_star, out=x_star, where=recip & positive_t)
    in_domain = ~flat & np.isfinite(x_star) & (x_star >= lo) & (x_star <= hi)
    probe = np.where(in_domain, x_star, x0)
    # The check and the scan's grid in one evaluation (each point is costed on its own, so
    # the grid's savings are the same whether or not an input turns out to need them).
    grid = _grid(x0, lo, hi)
    checked = _savings(scenario, resolved, paths, x0, np.column_stack([probe, grid]), within)
    residual, on_grid = checked[:, 0], checked[:, 1:]
    w = scenario.workload
    nonlinear = np.array([i.path == "model.num_instances" and w.peak_hours_per_day is not None
                          for i in inputs])
    scan = nonlinear | (in_domain & (np.abs(residual) > _SOLVED_USD))
    flips = np.where(in_domain & ~scan, x_star, np.nan)
    if scan.any():
        idx = np.flatnonzero(scan)
        flips[idx] = _scan_and_bisect(scenario, resolved, [paths[k] for k in idx],
                                      x0[idx], grid[idx], on_grid[idx], within, recip[idx])
    blended = _blended_usd_per_1m(resolved, scenario)
    fleet = resolved.serving.num_instances
    notes = {
        "workload.requests_per_day": f"fleet held at today's {fleet} instance(s)",
        "api.price_scale": "both API prices scaled together; blended over today's token mix",
        "model.num_instances": "at today's instance price",
    }
    out = []
    for k, i in enumerate(inputs):
        scale = blended if i.path == "api.price_scale" else 1.0
        cur, flip = float(x0[k]), float(flips[k])
        found = not math.isnan(flip)
        reason = None
        if not found and within is not None:
            reason = ("does not change the payback here" if flat[k] and not scan[k] else
                      f"pays back within {quantity(within)} months at any value {_domain(i)}"
                      if s0[k] >= 0 else "not reachable by this input alone")
        elif not found:
            sign = "positive" if s0[k] > 0 else "negative" if s0[k] < 0 else "at zero"
            reason = (f"savings do not depend on this input here: they stay {sign} at "
                      f"{usd(s0[k])}/month" if flat[k] and not scan[k] else
                      f"savings stay {sign} for any value {_domain(i)}")
        out.append(FlipPoint(
            path=i.path, label=i.label, unit=i.unit, current=cur * scale,
            flip=flip * scale if found else None,
            ratio=flip / cur if found and cur > 0 else None,
            flips_when=("above" if flip > cur else "below") if found and flip != cur else None,
            reason=reason, note=notes.get(i.path),
        ))
    return out


def _grid(x0: Array, lo: Array, hi: Array) -> Array:
    """63 points per input over a finite domain, or today's value × 2^−31…2^31 clipped to it
    (every domain has lo < hi, so no row's linspace step is zero)."""
    finite = np.isfinite(hi)[:, None]
    uniform = np.linspace(lo, np.where(finite[:, 0], hi, lo + 1), 63, axis=1)
    base = np.where(x0 > 0, x0, 1.0)[:, None]
    geometric = np.clip(base * 2.0 ** np.arange(-31, 32), lo[:, None], hi[:, None])
    grid: Array = np.where(finite, uniform, geometric)
    return grid


def _scan_and_bisect(scenario: Scenario, resolved: Resolved, paths: list[str],
                     x0: Array, grid: Array, s: Array, within: float | None,
                     recip: npt.NDArray[np.bool_]) -> Array:
    """Roots of savings nearest today's value, NaN where none: a scan of the savings ``s``
    on the :func:`_grid`, then k-section.

    Each round evaluates 16 points across every bracket plus its secant point, which lands
    on the root at once where savings are linear inside the bracket — in 1/x for the
    ``recip`` inputs (the lifetime: savings are a − b / L between two retrainings).
    """
    crossing = (np.sign(s[:, :-1]) != np.sign(s[:, 1:])) & (s[:, :-1] != s[:, 1:])
    here = (grid < x0[:, None]).sum(axis=1, keepdims=True)
    j = np.where(crossing, np.abs(np.arange(62) - here), 10**6).argmin(axis=1)
    rows = np.arange(len(paths))
    found = crossing[rows, j]
    a, b, sa, sb = grid[rows, j], grid[rows, j + 1], s[rows, j], s[rows, j + 1]
    root = np.where(found & (sa == 0), a, np.nan)
    for _ in range(24):  # each round shrinks every bracket at least 16-fold
        active = found & np.isnan(root)
        if not active.any():
            break
        ta = np.divide(1.0, a, out=a.copy(), where=recip)  # a ≥ lo > 0 where reciprocal
        tb = np.divide(1.0, b, out=b.copy(), where=recip)
        at = ta - sa * (tb - ta) / np.where(sb != sa, sb - sa, 1.0)
        secant = np.clip(np.divide(1.0, at, out=at.copy(), where=recip & (at > 0)), a, b)
        pts = np.sort(np.column_stack([np.linspace(a, b, 16, axis=1), secant]), axis=1)
        s = _savings(scenario, resolved, paths, x0, pts, within)
        best = np.abs(s).argmin(axis=1)
        hit = active & (np.abs(s[rows, best]) <= _SOLVED_USD)
        root[hit] = pts[rows, best][hit]
        m = (np.sign(s[:, :-1]) != np.sign(s[:, 1:])).argmax(axis=1)
        a, b, sa, sb = pts[rows, m], pts[rows, m + 1], s[rows, m], s[rows, m + 1]
        narrow = found & np.isnan(root) & ((b - a) <= 1e-12 * np.maximum(1.0, np.abs(a)))
        root[narrow] = a[narrow]  # a jump in savings, not a zero: the flip is at the jump
    return root


def tornado(scenario: Scenario, resolved: Resolved) -> list[TornadoBar]:
    """Savings over each input's low/high, largest swing first."""
    ranges = scenario.ranges
    bars: list[tuple[_Input, float, float, str]] = []
    for i in _MAIN:
        cur = current_value(scenario, resolved, i.path)
        if i.path in ranges:
            bars.append((i, ranges[i.path].low, ranges[i.path].high, "range"))
        elif i.path == "project.engineer_hours.total" and PHASE_PATHS & ranges.keys():
            now = {p: scenario.get(p) for p in PHASE_PATHS}
            low = sum(ranges[p].low if p in ranges else v for p, v in now.items())
            high = sum(ranges[p].high if p in ranges else v for p, v in now.items())
            bars.append((i, low, high, "phase ranges"))
        else:
            down, up = i.skew or (1 - i.spread, 1 + i.spread)
            low, high = cur * down, cur * up
            if i.whole:
                low, high = math.floor(low), math.ceil(high)
            low = min(max(low, i.lo), cur)
            high = max(min(high, i.hi), cur)
            bars.append((i, low, high, f"default ×{down:g} – ×{up:g}" if i.skew
                         else f"default ±{percent(i.spread)}"))
    for path in sorted(set(ranges) & POINT_INPUTS):
        if path in _OTHER:
            bars.append((_OTHER[path], ranges[path].low, ranges[path].high, "range"))
    values = np.array([[low, high] for _, low, high, _ in bars])
    today = np.array([current_value(scenario, resolved, i.path) for i, *_ in bars])
    s = _savings(scenario, resolved, [i.path for i, *_ in bars], today, values)
    blended = _blended_usd_per_1m(resolved, scenario)
    out = []
    for k, (i, low, high, spread) in enumerate(bars):
        scale = blended if i.path == "api.price_scale" else 1.0
        out.append(TornadoBar(
            path=i.path, label=i.label, unit=i.unit, low=low * scale, high=high * scale,
            savings_at_low_usd=float(s[k, 0]), savings_at_high_usd=float(s[k, 1]),
            swing_usd=float(abs(s[k, 1] - s[k, 0])), spread=spread,
        ))
    return sorted(out, key=lambda bar: (-bar.swing_usd, bar.label))
