"""Uncertainty: P10/P50/P90 of project cost, savings and payback over the ranged inputs.

Every input in ``scenario.ranges`` that :func:`engine.resolve.point` can vary is drawn from a
triangular distribution (low, mode = today's value, high), the range widened to include
today's value when it lies outside. Whole-number inputs (training runs, instances) are drawn
continuously: their expected cost is what matters here, not the integer. Inputs that need
the catalogs again for every sample (model size, GPU, target utilisation, the training
plan) are held at today's value and listed in ``not_sampled`` with the reason.

Draws come from ``numpy.random.default_rng(seed)``: two uniform matrices (inputs in path
order × samples) combined by Stein & Keblis's max/min construction of the triangular
distribution, so the same seed gives the same figures whatever order the ranges were typed
in. All samples go through one vectorised evaluation;
a fleet sized automatically is re-sized for each sample's volume.

Percentiles are inverted-CDF (the k-th smallest sample, k = ⌈p·n⌉, no interpolation), so a
payback of "never" (+inf) stays never: a P90 of None means at least 10% never pay back.

>>> from datetime import date
>>> from engine.models import Scenario
>>> from engine.resolve import resolve
>>> s = Scenario(project={"compute_usd_per_run": 100})
>>> u = simulate(s, resolve(s, at=date(2026, 11, 24)), samples=10_000, seed=1)
>>> u.project_usd.p10 <= u.project_usd.p50 <= u.project_usd.p90
True
>>> u.probability_payback_within_lifetime  # payback ≈ 4.9 months against 18
1.0
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from engine.models import Scenario
from engine.resolve import POINT_INPUTS, Resolved, point
from engine.roi import evaluate
from engine.sensitivity import current_value

__all__ = ["Percentiles", "SampledInput", "Uncertainty", "simulate"]

_PERCENTS = (10, 50, 90)


class Percentiles(BaseModel):
    """P10/P50/P90 of one figure; None only for a payback that never comes."""

    p10: float | None
    p50: float | None
    p90: float | None


class SampledInput(BaseModel):
    """One ranged input as sampled: triangular(low, mode, high)."""

    path: str
    low: float
    mode: float
    high: float


class Uncertainty(BaseModel):
    project_usd: Percentiles
    savings_monthly_usd: Percentiles
    payback_months: Percentiles
    probability_payback_within_lifetime: float
    samples: int
    seed: int
    sampled: list[SampledInput]
    not_sampled: dict[str, str]


def _percentiles(values: npt.NDArray[np.float64]) -> list[float]:
    """The inverted-CDF P10/P50/P90 (the ⌈p·n⌉-th smallest sample), by partial sort."""
    n = len(values)
    ks = [max(-(-p * n // 100) - 1, 0) for p in _PERCENTS]
    return [float(v) for v in np.partition(values, ks)[ks]]


def _finite(months: float) -> float | None:
    return None if math.isinf(months) else months


def simulate(scenario: Scenario, resolved: Resolved, *, samples: int, seed: int) -> Uncertainty:
    """Monte Carlo over ``scenario.ranges``, reproducible from ``seed``."""
    if samples < 1:
        raise ValueError(f"samples: {samples} is not accepted — give at least 1")
    sampled: list[SampledInput] = []
    not_sampled: dict[str, str] = {}
    for path in sorted(scenario.ranges):
        if path == "workload.monthly_growth_rate":
            not_sampled[path] = ("held at today's value: growth acts on the timeline only; "
                                 "these figures are for today's volume")
            continue
        if path not in POINT_INPUTS:
            not_sampled[path] = ("held at today's value: it changes the catalog look-ups "
                                 "(fleet or training estimate), which are not re-run per sample")
            continue
        r, mode = scenario.ranges[path], current_value(scenario, resolved, path)
        sampled.append(SampledInput(path=path, low=min(r.low, mode), mode=mode,
                                    high=max(r.high, mode)))

    # Stein & Keblis (2009): with U, V uniform, a + (c − a)·max(U, V) + (b − c)·min(U, V) is
    # triangular(a, c, b) — no branch, no division (a zero-width range gives a), in place.
    uv = np.random.default_rng(seed).random((2, len(sampled), samples))
    draws = np.maximum(uv[0], uv[1])
    low_side = np.minimum(uv[0], uv[1], out=uv[0])
    draws *= np.array([x.mode - x.low for x in sampled], dtype=float)[:, None]
    low_side *= np.array([x.high - x.mode for x in sampled], dtype=float)[:, None]
    draws += low_side
    draws += np.array([x.low for x in sampled], dtype=float)[:, None]
    overrides = {x.path: draws[i] for i, x in enumerate(sampled)}
    o = evaluate(point(scenario, resolved, overrides, resize_fleet=True))

    shape = (samples,)
    project, savings, payback = (
        _percentiles(np.broadcast_to(figure, shape))
        for figure in (o.project_usd, o.savings_monthly_usd, o.payback_months)
    )
    lifetime = overrides.get("project.model_lifetime_months",
                             scenario.project.model_lifetime_months)
    within = float(np.mean(np.broadcast_to(o.payback_months <= lifetime, shape)))
    return Uncertainty(
        project_usd=Percentiles(p10=project[0], p50=project[1], p90=project[2]),
        savings_monthly_usd=Percentiles(p10=savings[0], p50=savings[1], p90=savings[2]),
        payback_months=Percentiles(p10=_finite(payback[0]), p50=_finite(payback[1]),
                                   p90=_finite(payback[2])),
        probability_payback_within_lifetime=within,
        samples=samples,
        seed=seed,
        sampled=sampled,
        not_sampled=not_sampled,
    )
