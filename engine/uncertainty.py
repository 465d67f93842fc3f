"""Uncertainty: what the answer looks like over every uncertain input at once.

Every input :mod:`engine.spreads` names — volume and growth, serving throughput, the GPU's
price, review rates, every hour figure, and any range the person gives — is drawn from a
triangular distribution (low, mode = today's value, high). Whole-number inputs (training
runs, instances) are drawn continuously: their expected cost is what matters here, not the
integer. Inputs that need the catalogs again for every sample (model size, GPU, the training
plan) are held at today's value and listed in ``not_sampled`` with the reason.

Draws come from ``numpy.random.default_rng(seed)``: two uniform matrices (inputs in path
order × samples) combined by Stein & Keblis's max/min construction of the triangular
distribution, so the same seed gives the same figures whatever order the ranges were typed
in (the uniforms depend on the seed and their number alone, so the last two sets are kept
between analyses). All samples go through one vectorised costing of every option
(:mod:`engine.option_costs`); a fleet sized automatically is re-sized to each sample's
volume every month — counted as the months at each fleet size (:mod:`engine.fleet_levels`)
when the samples' fleets span fewer sizes than the lifetime has months, else on a grid of
months × samples.

It reports P10/P50/P90 of the project cost, of month 1's savings and of the payback (the
source document's figures), of the **lifetime savings** of the self-hosted fine-tune against
today's API, the probability that it costs less than the API over the lifetime (it pays back
within the lifetime), and **how often each option is the cheapest** of those that meet the
constraints.

Percentiles are inverted-CDF (the k-th smallest sample, k = ⌈p·n⌉, no interpolation), so a
payback of "never" (+inf) stays never: a P90 of None means at least 10% never pay back.

>>> from datetime import date
>>> from engine.models import PHASES, Scenario
>>> from engine.resolve import resolve
>>> s = Scenario(project={"compute_usd_per_run": 100}, model={"num_instances": 1},
...              quality={"human_review_rate_api": 0, "human_review_rate_ft": 0})
>>> u = simulate(s, resolve(s, at=date(2026, 11, 24)), samples=10_000, seed=1)
>>> u.project_usd.p10 <= u.project_usd.p50 <= u.project_usd.p90
True
>>> round(u.probability_payback_within_lifetime, 2)  # payback 7.7 months of 18 at best
0.88
>>> s = s.model_copy(update={"quality": s.quality.model_copy(
...     update={"human_review_rate_api": 0.02, "human_review_rate_ft": 0.02})})
>>> u = simulate(s, resolve(s, at=date(2026, 11, 24)), samples=10_000, seed=1)
>>> round(u.probability_payback_within_lifetime, 2)  # ±¼ of 2% at $5 a review decides it
0.52
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from engine.models import Scenario
from engine.option_costs import Terms, cost
from engine.resolve import HOURS_FACTOR, PHASE_PATHS, Resolved
from engine.roi import over_samples
from engine.spreads import SAMPLED_PATHS, Spread, spreads

__all__ = ["Percentiles", "SampledInput", "Uncertainty", "simulate"]

_PERCENTS = (10, 50, 90)


class Percentiles(BaseModel):
    """P10/P50/P90 of one figure; None only for a payback that never comes."""

    p10: float | None
    p50: float | None
    p90: float | None


#: One input as sampled: triangular(low, mode, high), and where its range came from.
SampledInput = Spread


class Uncertainty(BaseModel):
    project_usd: Percentiles
    savings_monthly_usd: Percentiles
    payback_months: Percentiles
    lifetime_savings_usd: Percentiles
    probability_payback_within_lifetime: float
    cheapest_share: dict[str, float]
    samples: int
    seed: int
    sampled: list[SampledInput]
    not_sampled: dict[str, str]


def _percentiles(values: npt.NDArray[np.float64]) -> list[float]:
    """The inverted-CDF P10/P50/P90 (the ⌈p·n⌉-th smallest sample).

    One partition around P50, then P10 in the half below it and P90 in the half above:
    about two passes over the samples, where a full sort takes three and three-k
    ``np.partition`` (introselect run once per k over the whole) several times that.
    """
    n = len(values)
    k10, k50, k90 = (max(-(-p * n // 100) - 1, 0) for p in _PERCENTS)
    ordered = np.partition(values, k50)  # a copy: values may be a read-only view
    below, above = ordered[:k50], ordered[k50 + 1:]
    if k10 < k50:
        below.partition(k10)
    if k90 > k50:
        above.partition(k90 - k50 - 1)
    return [float(ordered[k]) for k in (k10, k50, k90)]


def _shape(x: SampledInput) -> tuple[float, float]:
    """A grouped input's range as factors of its mode."""
    return (x.low / x.mode, x.high / x.mode) if x.mode else (1.0, 1.0)


def _triangular(lows: npt.NDArray[np.float64], modes: npt.NDArray[np.float64],
                highs: npt.NDArray[np.float64], *, samples: int,
                seed: int) -> list[npt.NDArray[np.float64]]:
    """Triangular draws, one array per input.

    Stein & Keblis (2009): with U, V uniform, a + (c − a)·max(U, V) + (b − c)·min(U, V) is
    triangular(a, c, b) — no branch, no division (a zero-width range gives a). One array of
    samples per input (80 KB at 10,000), not one matrix: each stays in malloc's own lists.
    """
    larger, smaller = _extremes(seed, len(lows), samples)
    draws = []
    for i in range(len(lows)):
        draw = larger[i] * (modes[i] - lows[i])
        draw += smaller[i] * (highs[i] - modes[i])
        draw += lows[i]
        draws.append(draw)
    return draws


#: The most uniforms kept between analyses: 32 inputs × 10,000 samples × 2 (5 MB).
_KEPT_UNIFORMS = 2 * 32 * 10_000


def _extremes(seed: int, inputs: int, samples: int
              ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """max(U, V) and min(U, V) of ``default_rng(seed)``'s first 2 × inputs × samples
    uniforms (U the first half, V the second, input by input), read-only.

    They depend on nothing else, and working them out takes about 0.3 ms of an analysis,
    so the last two asked for are kept: analysis after analysis asks for the same (seed 0,
    the same number of sampled inputs), whatever the scenario's values.
    ``random((2, k, n))`` fills in C order, so it is ``random(2·k·n)`` reshaped.
    """
    if 2 * inputs * samples > _KEPT_UNIFORMS:
        return _max_min(seed, inputs, samples)
    return _kept_extremes(seed, inputs, samples)


def _max_min(seed: int, inputs: int, samples: int
             ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    uv = np.random.default_rng(seed).random(2 * inputs * samples).reshape(2, inputs, samples)
    return np.maximum(uv[0], uv[1]), np.minimum(uv[0], uv[1])


@lru_cache(maxsize=2)
def _kept_extremes(seed: int, inputs: int, samples: int
                   ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    larger, smaller = _max_min(seed, inputs, samples)
    larger.flags.writeable = smaller.flags.writeable = False  # shared by every analysis
    return larger, smaller


def _cheapest(lifetimes: list[npt.NDArray[np.float64]]) -> npt.NDArray[np.intp]:
    """In each sample, the index of the lowest lifetime cost, the first of equals.

    As ``np.stack(lifetimes).argmin(axis=0)`` (the costs are finite: validated inputs), a
    comparison per option instead of argmin's strided pass over a stacked matrix; the index
    moves by arithmetic, several times faster than a masked copy or ``np.where``.
    """
    best = lifetimes[0]
    index = np.zeros(best.shape, dtype=np.intp)
    for k, x in enumerate(lifetimes[1:], start=1):
        index += (x < best) * (k - index)
        best = np.minimum(best, x)
    return index


def _finite(months: float) -> float | None:
    return None if math.isinf(months) else months


def simulate(
    scenario: Scenario,
    resolved: Resolved,
    *,
    samples: int,
    seed: int,
    terms: list[Terms] | None = None,
    qualifying: frozenset[str] | None = None,
) -> Uncertainty:
    """Monte Carlo over every uncertain input, reproducible from ``seed``.

    ``terms`` are the options to cost besides today's API and the self-hosted fine-tune;
    ``qualifying`` the ids of those that meet the constraints (all, when None).
    """
    if samples < 1:
        raise ValueError(f"samples: {samples} is not accepted — give at least 1")
    not_sampled = {
        path: ("held at today's value: it changes the catalog look-ups (fleet or training "
               "estimate), which are not re-run per sample")
        for path in sorted(scenario.ranges) if path not in SAMPLED_PATHS
    }
    sampled = spreads(scenario, resolved)

    # An input of a group is its mode × the group's one factor (engine.spreads).
    alone = [x for x in sampled if x.group is None]
    groups = sorted({x.group for x in sampled if x.group is not None})
    shapes = [next(_shape(x) for x in sampled if x.group == g) for g in groups]
    lows = np.array([x.low for x in alone] + [lo for lo, _ in shapes], dtype=float)
    modes = np.array([x.mode for x in alone] + [1.0] * len(groups), dtype=float)
    highs = np.array([x.high for x in alone] + [hi for _, hi in shapes], dtype=float)
    draws = _triangular(lows, modes, highs, samples=samples, seed=seed)
    overrides = {x.path: draws[i] for i, x in enumerate(alone)}
    for k, g in enumerate(groups, start=len(alone)):
        for x in sampled:
            if x.group == g and x.path in PHASE_PATHS:
                # today's hours × the factor, worked out where used: eight arrays of
                # samples fewer held while the options are costed (fewer pages to fault in)
                overrides[HOURS_FACTOR] = draws[k]
            elif x.group == g:
                overrides[x.path] = x.mode * draws[k]

    own = Terms(id="self_hosted_finetune", review="ft", self_hosted=True)
    # Only the options that qualify can be the cheapest: the rest are not costed.
    others = [t for t in (terms or []) if not t.self_hosted and t.id != "current_api"
              and (qualifying is None or t.id in qualifying)]
    current, money, o = cost([own, *others], scenario, resolved, overrides)

    shape = (samples,)
    project, savings, payback = (
        _percentiles(over_samples(figure, shape))
        for figure in (o.project_usd, o.savings_monthly_usd, o.payback_months)
    )
    baseline = over_samples(current.lifetime, shape)
    mine = over_samples(money[own.id].lifetime, shape)
    lifetime_savings = _percentiles(baseline - mine)
    within = np.count_nonzero(mine <= baseline) / samples  # = np.mean, without the floats

    ids = ["current_api", *money]
    allowed = [i for i in ids if qualifying is None or i in qualifying] or ids
    lifetimes = [baseline if i == "current_api" else over_samples(money[i].lifetime, shape)
                 for i in allowed]
    wins = np.bincount(_cheapest(lifetimes), minlength=len(allowed)) / samples
    return Uncertainty(
        project_usd=Percentiles(p10=project[0], p50=project[1], p90=project[2]),
        savings_monthly_usd=Percentiles(p10=savings[0], p50=savings[1], p90=savings[2]),
        payback_months=Percentiles(p10=_finite(payback[0]), p50=_finite(payback[1]),
                                   p90=_finite(payback[2])),
        lifetime_savings_usd=Percentiles(p10=lifetime_savings[0], p50=lifetime_savings[1],
                                         p90=lifetime_savings[2]),
        probability_payback_within_lifetime=within,
        cheapest_share={i: float(w) for i, w in zip(allowed, wins, strict=True)},
        samples=samples,
        seed=seed,
        sampled=sampled,
        not_sampled=not_sampled,
    )
