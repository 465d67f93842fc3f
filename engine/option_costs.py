"""What each way to pay less costs, month by month and over the lifetime — vectorised.

An option is reduced to :class:`Terms` (catalog look-ups done once, in
:mod:`engine.options`), and :func:`cost` turns terms into money for one scenario or for
thousands of sampled ones at once (every override may be a NumPy array, as in
:func:`engine.resolve.point`). Each option's money splits three ways:

* **one-time**: fees (managed training) + engineering hours × $/hour — for the self-hosted
  fine-tune, the project (training runs × $/run + every phase's hours × $/hour);
* **fixed** per month: ongoing engineering (maintenance and retraining, see
  :mod:`engine.roi`), storage;
* **variable** per month at today's volume: tokens × the option's prices + requests × (its
  review rate − the API's) × $/review — it grows with the volume;
* and, for the self-hosted fine-tune, **serving**: the fleet's instance-hours × $/hour,
  re-sized month by month when ftroi sizes it, else fixed.

Lifetime = one-time + fixed × L + variable × G + serving over the lifetime, with L the
lifetime in months and G the growth factor of :mod:`engine.lifetime`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from engine.fleet_levels import weighted_fleet_hours
from engine.lifetime import growth_factor, month_growth, month_weights
from engine.models import Scenario
from engine.resolve import Resolved, phase_hours, point
from engine.roi import DAYS_PER_MONTH, Costs, Point, costs, over_samples
from engine.serving import fleet_hours_by_month

__all__ = ["Money", "Terms", "cost", "monthly_series"]

Array = npt.NDArray[np.float64]
Review = Literal["api", "ft", "fixed"]


@dataclass(frozen=True)
class Terms:
    """One option's prices and work, independent of volume and samples.

    ``self_hosted`` options take everything from the scenario's own project and fleet.
    ``review`` says whose human-review rate the option's answers get: today's API's (no
    delta), the fine-tuned model's, or ``review_rate``.
    """

    id: str
    input_usd_per_1m: float = 0.0
    output_usd_per_1m: float = 0.0
    review: Review = "ft"
    review_rate: float = 0.0
    fee_usd: float = 0.0  # one-time fees (managed training of every run)
    hours: float = 0.0  # one-time hours beyond the phases below
    hours_path: str | None = None  # the input those hours come from, when sampled
    phases: tuple[str, ...] = ()  # engineering phases the option still needs
    retrain_fee_usd: float = 0.0  # fee of one retraining run; retrains only when retrained
    retrained: bool = False
    self_hosted: bool = False


@dataclass(frozen=True)
class Money:
    """An option's money as arrays over the samples (NumPy floats for one scenario)."""

    one_time: Array
    fixed: Array
    variable: Array
    serving: Array  # month 1
    serving_lifetime: Array
    lifetime: Array

    @property
    def monthly(self) -> Array:
        """Month 1: fixed + variable + serving — worked out when read, since the simulation
        never reads it (for an option without serving, + 0 changes no bit: its fixed cost
        is never -0)."""
        return self.fixed + self.variable + self.serving


def _hours(scenario: Scenario, o: dict[str, Any], phases: tuple[str, ...]) -> Any:
    """The phases' hours with any overrides; a total override scales every phase alike."""
    hours = scenario.project.engineer_hours
    total = phase_hours(scenario, o, phases)
    if "project.engineer_hours.total" in o and hours.total > 0:
        total = np.multiply(total, np.divide(o["project.engineer_hours.total"], hours.total))
    return total


#: How many month-grid figures (months × samples) are re-sized at a time: 98,304 floats,
#: 768 KB a buffer, worked out in place (engine.serving._sized) so a block's one or two
#: buffers stay in a core's 2 MB of L2 cache here, taken from and freed back to malloc's
#: heap rather than mapped from the system. The whole grid at once (18 × 10,000 floats,
#: 1.4 MB an array, a dozen of them) took four times as long: each was mapped, faulted in
#: page by page and unmapped (65,536: 5% slower; 131,072: 10%).
#: Samples are independent, so a block's figures are the whole grid's to the bit.
_BLOCK_FIGURES = 3 << 15


def _serving_lifetime(scenario: Scenario, resolved: Resolved, o: dict[str, Any],
                      serving: Array, growth: Any, lifetime: Any) -> Array:
    """The fleet's cost over the lifetime: month 1's × L for a fleet of fixed size; month by
    month, re-sized to each month's volume, for one ftroi sizes — over samples, by the
    months at each size (:mod:`engine.fleet_levels`: a third of the month grid's time for
    the default scenario's fleet of one to four instances) unless the samples' fleets span
    more sizes than the lifetime has months."""
    plan = resolved.serving
    if not plan.sized_automatically or "model.num_instances" in o:
        return np.asarray(serving * np.asarray(lifetime, dtype=float), dtype=float)
    w = scenario.workload
    inputs = {
        "requests": o.get("workload.requests_per_day", w.requests_per_day),
        "growth": growth,
        "lifetime": lifetime,
        "tokens": np.add(o.get("workload.avg_input_tokens_per_request",
                               w.avg_input_tokens_per_request),
                         o.get("workload.avg_output_tokens_per_request",
                               w.avg_output_tokens_per_request)),
        "tps": o.get("model.throughput_tokens_per_s_per_instance",
                     plan.throughput_tokens_per_s_per_instance),
        "util": o.get("model.target_utilisation", scenario.model.target_utilisation),
        "price": o.get("model.instance_usd_per_hour", plan.instance_usd_per_hour),
    }
    months = month_weights(float(np.max(lifetime))).size
    samples = int(np.size(serving)) if np.ndim(serving) == 1 else 0
    if samples:  # a fleet of a few sizes: the months at each size (engine.fleet_levels)
        w = scenario.workload
        hours = weighted_fleet_hours(
            np.multiply(inputs["requests"], inputs["tokens"]), growth, lifetime,
            inputs["tps"], inputs["util"], months=months,
            peak_hours_per_day=w.peak_hours_per_day,
            off_peak_traffic_share=w.off_peak_traffic_share)
        if hours is not None:
            return np.asarray(np.multiply(inputs["price"], hours) * DAYS_PER_MONTH, dtype=float)
    rows = max(_BLOCK_FIGURES // months, 1)
    if samples <= rows:
        return _resized(scenario, inputs, months)
    out = np.empty(samples)
    for start in range(0, samples, rows):
        block = slice(start, start + rows)
        out[block] = _resized(scenario, {k: v[block] if np.ndim(v) else v
                                         for k, v in inputs.items()}, months)
    return out


def _resized(scenario: Scenario, x: dict[str, Any], months: int) -> Array:
    """Serving over the lifetime of a fleet re-sized every month (months on the first axis,
    then the samples, each a contiguous row: NumPy's loops run along it):
    Σ_m weight × instance-hours a day in month m, × $/hour × days."""
    w = scenario.workload
    lifetime = x["lifetime"]
    if np.ndim(lifetime):  # a lifetime per sample: each counts its own months
        weights = np.clip(np.asarray(lifetime, dtype=float)
                          - np.arange(months, dtype=float)[:, None], 0.0, 1.0)
    else:
        weights = month_weights(float(lifetime))
    hours = fleet_hours_by_month(
        np.multiply(x["requests"], x["tokens"]), month_growth(x["growth"], months),
        x["tps"], x["util"], peak_hours_per_day=w.peak_hours_per_day,
        off_peak_traffic_share=w.off_peak_traffic_share)
    # one matrix-vector product where every sample weighs its months alike
    weighted = weights @ hours if weights.ndim == 1 else (hours * weights).sum(axis=0)
    return np.asarray(np.multiply(x["price"], weighted) * DAYS_PER_MONTH, dtype=float)


def cost(terms: list[Terms], scenario: Scenario, resolved: Resolved,
         overrides: dict[str, Any] | None = None) -> tuple[Money, dict[str, Money], Costs]:
    """Today's API's money, each option's by id, and the month-1 figures of the scenario's
    own plan, with ``overrides`` by dotted path (the :data:`engine.resolve.POINT_INPUTS`,
    ``workload.monthly_growth_rate`` and ``alternatives.evaluation_hours``).

    What the per-token options share (review rate, retraining, hours) is costed once for
    all of them, so a thousand samples of ten options cost a few array operations each.
    """
    o = dict(overrides or {})
    growth = o.pop("workload.monthly_growth_rate", scenario.workload.monthly_growth_rate)
    extra = {path: o.pop(path) for path in list(o) if path.startswith("alternatives.")}
    p = point(scenario, resolved, o, resize_fleet=True)
    out = costs(p)
    lifetime = np.asarray(p.lifetime_months, dtype=float)
    g_factor = growth_factor(growth, lifetime)
    shape = np.broadcast(out.api_monthly_usd, g_factor).shape
    zero = _frozen(0.0, shape)  # a read-only view of one zero: no memory per sample
    api = over_samples(out.api_monthly_usd, shape)
    current = Money(one_time=zero, fixed=zero, variable=api, serving=zero,
                    serving_lifetime=zero, lifetime=api * g_factor)
    money: dict[str, Money] = {}
    for t in terms:
        if t.self_hosted:
            serving = over_samples(p.serving_monthly_usd, shape)
            variable = over_samples(out.review_delta_monthly_usd, shape)
            fixed = out.ft_before_amortisation_monthly_usd - serving - variable
            serving_life = _serving_lifetime(scenario, resolved, o, serving, growth, lifetime)
            one_time = over_samples(out.project_usd, shape)
            money[t.id] = Money(one_time=one_time, fixed=fixed, variable=variable,
                                serving=serving, serving_lifetime=serving_life,
                                lifetime=one_time + fixed * lifetime + variable * g_factor
                                + serving_life)
    per_token = [t for t in terms if not t.self_hosted]
    if per_token:
        money.update(_per_token(per_token, scenario, p, out, o, extra, shape, lifetime,
                                g_factor))
    return current, money, out


def _per_token(terms: list[Terms], scenario: Scenario, p: Point, out: Costs,
               o: dict[str, Any], extra: dict[str, Any], shape: tuple[int, ...],
               lifetime: Array, g_factor: Array) -> dict[str, Money]:
    """The per-token options' money, one array per option over the samples.

    Options share most of their terms (whose review rate, whether retrained, which hours),
    so each part is computed once per distinct set of terms, and only the prices once per
    option. Every element goes through the same operations in the same order as costing
    all options as one (options × samples) matrix did — the same figures to the bit — for
    about a third of the array work.
    """
    rate, api_rate = _num(p.engineer_usd_per_hour, shape), _num(p.review_rate_api, shape)
    ft_delta = _num(p.review_rate_ft, shape) - api_rate
    usd_per_review = _num(p.usd_per_review, shape)
    review = {key: _review_usd(*key, ft_delta, api_rate, usd_per_review)
              for key in {_review_key(t) for t in terms}}
    lifetime, g_factor = _num(lifetime, shape), _num(g_factor, shape)
    retrains, retrain_runs = _num(out.retrains_in_lifetime, shape), _num(p.retrain_runs, shape)
    evaluation = _num(p.retrain_evaluation_hours, shape) * rate
    fixed = {key: _frozen(float(key[0]) * (retrains * (retrain_runs * key[1] + evaluation)
                                           / lifetime), shape)
             for key in {_retrain_key(t) for t in terms}}
    hours_of = {ph: _hours(scenario, o, ph) for ph in {t.phases for t in terms}}
    one_time = {key: _frozen(key[0] + (hours_of[key[1]] + extra.get(key[2] or "", key[3]))
                             * rate, shape) for key in {_up_front_key(t) for t in terms}}
    # One-time + fixed × L: the part of the lifetime cost that does not grow with volume.
    steady = {(a, b): one_time[a] + fixed[b] * lifetime
              for a, b in {(_up_front_key(t), _retrain_key(t)) for t in terms}}
    tokens_in, tokens_out = _num(p.avg_input_tokens, shape), _num(p.avg_output_tokens, shape)
    requests_month = _num(p.requests_per_day, shape) * DAYS_PER_MONTH
    zero = _frozen(0.0, shape)
    money: dict[str, Money] = {}
    for t in terms:
        per_request = (tokens_in * t.input_usd_per_1m + tokens_out * t.output_usd_per_1m
                       ) / 1e6 + review[_review_key(t)]
        variable = _frozen(requests_month * per_request, shape)
        life = steady[_up_front_key(t), _retrain_key(t)] + variable * g_factor
        money[t.id] = Money(one_time=one_time[_up_front_key(t)], fixed=fixed[_retrain_key(t)],
                            variable=variable, serving=zero, serving_lifetime=zero,
                            lifetime=_frozen(life, shape))
    return money


def _num(x: Any, shape: tuple[int, ...]) -> Any:
    """``x`` as a Python float for one scenario (``shape`` ()), else as an array: the same
    IEEE arithmetic to the bit, at a tenth of a NumPy call's cost per operation — a dozen
    options of one scenario are a few hundred operations."""
    return float(x) if not shape else np.asarray(x, dtype=float)


def _review_key(t: Terms) -> tuple[Review, float]:
    return t.review, t.review_rate


def _retrain_key(t: Terms) -> tuple[bool, float]:
    return t.retrained, t.retrain_fee_usd


def _up_front_key(t: Terms) -> tuple[float, tuple[str, ...], str | None, float]:
    return t.fee_usd, t.phases, t.hours_path, t.hours


def _review_usd(review: Review, review_rate: float, ft_delta: Any, api_rate: Any,
                usd_per_review: Any) -> Any:
    """Review rate over today's, × $/review: 0 for "api", the fine-tuned model's for "ft",
    ``review_rate`` for "fixed"."""
    ft, fixed = float(review == "ft"), float(review == "fixed")
    delta = (ft * ft_delta + (review_rate if review == "fixed" else 0.0)) - fixed * api_rate
    return delta * usd_per_review


def _frozen(x: Any, shape: tuple[int, ...]) -> Array:
    """``x`` over every sample, read-only (options share these arrays); for one scenario
    (``shape`` ()), a NumPy float (immutable, and read as a 0-d array is)."""
    if not shape:
        return np.float64(x)  # type: ignore[return-value]
    out: Array = np.asarray(x, dtype=float)
    if out.shape != shape:
        return np.broadcast_to(out, shape)  # a read-only view
    out.flags.writeable = False
    return out


def monthly_series(m: Money, scenario: Scenario, resolved: Resolved, *, self_hosted: bool,
                   weights: Array) -> Array:
    """One scenario's option cost in months 1 … len(weights), with growth (and the fleet
    re-sized month by month when ftroi sizes it)."""
    w = scenario.workload
    months = weights.size
    grown = month_growth(w.monthly_growth_rate, months)
    series = float(m.fixed) + float(m.variable) * grown
    if not self_hosted:
        return np.asarray(series, dtype=float)
    plan = resolved.serving
    if not plan.sized_automatically:
        return np.asarray(series + float(m.serving), dtype=float)
    hours = fleet_hours_by_month(
        w.daily_tokens, grown, plan.throughput_tokens_per_s_per_instance,
        scenario.model.target_utilisation, peak_hours_per_day=w.peak_hours_per_day,
        off_peak_traffic_share=w.off_peak_traffic_share)
    return np.asarray(series + plan.instance_usd_per_hour * hours * DAYS_PER_MONTH, dtype=float)

