"""The economics core: API bill, fine-tuned monthly cost, savings, payback and break-even.

One vectorised code path serves a single scenario and a sweep of thousands: every field of
:class:`Point` may be a scalar or a NumPy array, and they broadcast together. Special cases
(no positive margin, no tokens per request) are masked, never divided by zero.

Formulas (PRODUCT.md §5; money in USD, a month is 30 days):

* API = daily input tokens × 30 × input $/1M + daily output tokens × 30 × output $/1M
* review delta = requests × 30 × (FT review rate − API review rate) × $/review
* ongoing engineering = maintenance hours a month × $/hour + the retraining done within
  the lifetime (⌈lifetime ÷ interval⌉ − 1 retrains, each runs × $/run + evaluation hours ×
  $/hour) spread over the lifetime's months; none when the interval is 0
* net before amortisation = API − serving − storage − ongoing engineering − review delta
* savings = net before amortisation − project cost / lifetime
* payback = project cost / net before amortisation, when that net is positive
* operating break-even tokens/day: API = serving + storage + ongoing engineering + review
  delta, with the review delta as a per-token cost — so it and the payback never disagree
* lifetime break-even tokens/day: the same with the project amortised over the lifetime
  added to the fixed costs — above it, savings are positive.

:func:`costs` returns the money that costing options reads (bills, project, net, savings,
payback); :func:`evaluate` every figure, with the parts of those sums, the per-token costs
and the break-evens. The sensitivity, the timeline and the simulation need only the money,
so they skip a third of the array work, and a simulation holds fewer arrays of samples.

>>> p = Point(requests_per_day=1e6, avg_input_tokens=5, avg_output_tokens=5,
...           input_usd_per_1m=1, output_usd_per_1m=1, serving_monthly_usd=741.6,
...           storage_monthly_usd=0)
>>> round(float(evaluate(p).break_even_tokens_per_day) / 1e6, 1)  # seed: 24.7M vs $1/1M
24.7
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

__all__ = ["DAYS_PER_MONTH", "Costs", "Outcome", "Point", "costs", "evaluate", "over_samples"]

DAYS_PER_MONTH = 30

Num = Any  # float or np.ndarray; kept loose so scalars and arrays share the path


@dataclass(frozen=True)
class Point:
    """The numbers one evaluation needs (scalars or broadcastable arrays)."""

    requests_per_day: Num
    avg_input_tokens: Num
    avg_output_tokens: Num
    input_usd_per_1m: Num
    output_usd_per_1m: Num
    serving_monthly_usd: Num
    storage_monthly_usd: Num
    review_rate_api: Num = 0.0
    review_rate_ft: Num = 0.0
    usd_per_review: Num = 0.0
    num_training_runs: Num = 0.0
    compute_usd_per_run: Num = 0.0
    engineer_hours: Num = 0.0
    engineer_usd_per_hour: Num = 0.0
    lifetime_months: Num = 1.0
    maintenance_hours_per_month: Num = 0.0
    retrain_every_months: Num = 0.0
    retrain_runs: Num = 0.0
    retrain_evaluation_hours: Num = 0.0


@dataclass(frozen=True)
class Costs:
    """The money that costing options reads, as float64 arrays (0-d for a single scenario)."""

    api_monthly_usd: np.ndarray
    review_delta_monthly_usd: np.ndarray
    project_usd: np.ndarray
    retrains_in_lifetime: np.ndarray
    ft_before_amortisation_monthly_usd: np.ndarray
    net_before_amortisation_monthly_usd: np.ndarray
    savings_monthly_usd: np.ndarray
    payback_months: np.ndarray  # inf: never

    def item(self, name: str) -> float:
        return float(getattr(self, name))

    def as_floats(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Outcome(Costs):
    """Every intermediate figure: that money, its parts, the per-token costs and the
    break-evens."""

    daily_tokens: np.ndarray
    compute_usd: np.ndarray
    engineering_usd: np.ndarray
    amortised_monthly_usd: np.ndarray
    ongoing_monthly_usd: np.ndarray
    ft_total_monthly_usd: np.ndarray
    api_usd_per_token: np.ndarray  # nan: no tokens per request
    review_usd_per_token: np.ndarray
    break_even_tokens_per_day: np.ndarray  # inf: no break-even at any volume; nan: undefined
    lifetime_break_even_tokens_per_day: np.ndarray  # likewise, with the project amortised


def _arr(value: Num) -> np.ndarray:
    return np.asarray(value, dtype=float)


def over_samples(x: Num, shape: tuple[int, ...]) -> np.ndarray:
    """``x`` as an array of ``shape``: itself when it has that shape already, else a
    read-only broadcast view (``np.broadcast_to`` costs ~5 µs even when there is nothing to
    broadcast, and runs a dozen times per analysis)."""
    out = _arr(x)
    return out if out.shape == shape else np.broadcast_to(out, shape)


def _break_even(fixed: np.ndarray, margin: np.ndarray) -> np.ndarray:
    """Daily tokens at which ``margin`` $/token × 30 days covers ``fixed`` $/month: inf when
    the margin is not positive (no volume covers it), nan when it is undefined."""
    out = np.full(np.broadcast(margin, fixed).shape, np.inf)
    # ufuncs broadcast ``where`` and their inputs to ``out``: no broadcast_to copies needed
    np.divide(fixed, margin * DAYS_PER_MONTH, out=out, where=np.isfinite(margin) & (margin > 0))
    return np.where(np.isnan(margin), np.nan, out)


def _review_per_request(p: Point) -> np.ndarray:
    delta: np.ndarray = (_arr(p.review_rate_ft) - _arr(p.review_rate_api)) * _arr(
        p.usd_per_review)
    return delta


def _fixed_monthly(p: Point, ongoing: np.ndarray) -> np.ndarray:
    """Serving + storage + ongoing engineering: the fine-tune's costs that do not scale."""
    fixed: np.ndarray = _arr(p.serving_monthly_usd) + _arr(p.storage_monthly_usd) + ongoing
    return fixed


def costs(p: Point) -> Costs:
    """The money of PRODUCT.md §5 for one point or a whole sweep (:func:`evaluate` for
    every figure). Its parts are dropped here: a sweep of 10,000 holds five arrays fewer."""
    return _money(p)[0]


def _money(p: Point) -> tuple[Costs, dict[str, np.ndarray]]:
    """:func:`costs`, and the parts it sums that only :func:`evaluate` keeps."""
    requests = _arr(p.requests_per_day)
    tin, tout = _arr(p.avg_input_tokens), _arr(p.avg_output_tokens)

    # The API bill is grouped as the source document groups it, so its float64 result (and
    # the cent it rounds to) is reproduced bit for bit. The review delta is not: the document
    # subtracts two review bills, which cancels catastrophically when the rates are close;
    # the difference of the rates is exact enough.
    api = (requests * tin * DAYS_PER_MONTH * _arr(p.input_usd_per_1m) / 1e6
           + requests * tout * DAYS_PER_MONTH * _arr(p.output_usd_per_1m) / 1e6)
    review = requests * DAYS_PER_MONTH * _review_per_request(p)

    per_run, rate = _arr(p.compute_usd_per_run), _arr(p.engineer_usd_per_hour)
    compute = _arr(p.num_training_runs) * per_run
    engineering = _arr(p.engineer_hours) * rate
    project = compute + engineering
    lifetime = _arr(p.lifetime_months)
    amortised = project / lifetime

    every = _arr(p.retrain_every_months)
    retraining = every > 0
    safe_every = np.where(retraining, every, 1.0)
    retrains = np.where(retraining, np.maximum(np.ceil(lifetime / safe_every - 1e-9) - 1, 0), 0.0)
    retrain_usd = _arr(p.retrain_runs) * per_run + _arr(p.retrain_evaluation_hours) * rate
    ongoing = _arr(p.maintenance_hours_per_month) * rate + retrains * retrain_usd / lifetime

    fixed = _fixed_monthly(p, ongoing)
    ft_before = fixed + review
    ft_total = fixed + amortised + review
    net = api - ft_before
    savings = api - ft_total

    payback = np.full(np.broadcast(project, net).shape, np.inf)
    np.divide(project, net, out=payback, where=net > 0)
    money = Costs(
        api_monthly_usd=api,
        review_delta_monthly_usd=review,
        project_usd=project,
        retrains_in_lifetime=retrains,
        ft_before_amortisation_monthly_usd=ft_before,
        net_before_amortisation_monthly_usd=net,
        savings_monthly_usd=savings,
        payback_months=payback,
    )
    return money, {"compute_usd": compute, "engineering_usd": engineering,
                   "amortised_monthly_usd": amortised, "ongoing_monthly_usd": ongoing,
                   "ft_total_monthly_usd": ft_total}


def evaluate(p: Point) -> Outcome:
    """Compute every figure of PRODUCT.md §5 for one point or a whole sweep."""
    c, parts = _money(p)
    tin, tout = _arr(p.avg_input_tokens), _arr(p.avg_output_tokens)
    per_request = tin + tout
    daily_tokens = _arr(p.requests_per_day) * per_request
    has_tokens = per_request > 0
    safe_tokens = np.where(has_tokens, per_request, 1.0)
    api_per_token = np.where(
        has_tokens,
        (tin * _arr(p.input_usd_per_1m) + tout * _arr(p.output_usd_per_1m)) / safe_tokens / 1e6,
        np.nan,
    )
    review_per_token = np.where(has_tokens, _review_per_request(p) / safe_tokens, np.nan)
    margin = api_per_token - review_per_token
    fixed = _fixed_monthly(p, parts["ongoing_monthly_usd"])
    return Outcome(
        **{f.name: getattr(c, f.name) for f in fields(c)},
        daily_tokens=daily_tokens,
        **parts,
        api_usd_per_token=api_per_token,
        review_usd_per_token=review_per_token,
        break_even_tokens_per_day=_break_even(fixed, margin),
        lifetime_break_even_tokens_per_day=_break_even(fixed + parts["amortised_monthly_usd"],
                                                       margin),
    )
