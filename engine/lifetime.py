"""Money over the model's lifetime: month weights, growth, and when a cost is paid back.

Month m (1, 2, …) runs at today's volume × (1 + monthly growth)^(m − 1), as in
:mod:`engine.timeline`. A lifetime of L months counts months 1 … ⌊L⌋ whole and the
fraction L − ⌊L⌋ of the next, so an 18.5-month lifetime pays half of month 19.

A cost that scales with volume sums over the lifetime to today's monthly figure × G, the
growth factor; a fixed monthly cost sums to its figure × L:

    G = Σ w_m (1 + g)^(m − 1) = ((1 + g)^⌊L⌋ − 1) / g + (L − ⌊L⌋)(1 + g)^⌊L⌋   (G = L at g = 0)

>>> float(growth_factor(0.0, 18)), round(float(growth_factor(0.05, 12)), 4)
(18.0, 15.9171)
>>> round(float(growth_factor(0.1, 2.5)), 4)  # 1 + 1.1 + 0.5 × 1.21
2.705
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["crossover_month", "growth_factor", "month_growth", "month_weights"]

Array = npt.NDArray[np.float64]


def growth_factor(growth: Any, lifetime_months: Any) -> Array:
    """G above, for scalars or arrays (broadcast together)."""
    g = np.asarray(growth, dtype=float)
    life = np.asarray(lifetime_months, dtype=float)
    whole = np.floor(life)
    log_step = np.log1p(g)
    grown = np.exp(whole * log_step)  # (1 + g)^⌊L⌋
    small = np.abs(g) < 1e-9
    safe_g = np.where(small, 1.0, g)
    whole_sum = np.where(small, whole, np.expm1(whole * log_step) / safe_g)
    return np.asarray(whole_sum + (life - whole) * grown, dtype=float)


def month_weights(lifetime_months: float) -> Array:
    """How much of each month 1 … ⌈L⌉ the lifetime counts (1, …, 1, L − ⌊L⌋).

    >>> month_weights(2.5).tolist(), month_weights(3).tolist()
    ([1.0, 1.0, 0.5], [1.0, 1.0, 1.0])
    """
    months = max(int(np.ceil(lifetime_months - 1e-12)), 1)
    return np.clip(lifetime_months - np.arange(months, dtype=float), 0.0, 1.0)


def month_growth(growth: Any, months: int) -> Array:
    """(1 + g)^(m − 1) for months 1 … ``months`` on the first axis, then the rates' own
    axes (a rate, or an array of them: one per sample).

    Worked out as exp((m − 1)·ln(1 + g)), as :func:`growth_factor` sums them, so month 1 is
    exactly 1 and no growth exactly 1 throughout; within a few units in the last place of
    the power, at about a third of its cost over the simulation's 10,000 × 18 months.

    >>> month_growth(0.1, 3).round(12).tolist()
    [1.0, 1.1, 1.21]
    """
    g = np.asarray(growth, dtype=float)
    steps = np.arange(months, dtype=float).reshape(months, *(1,) * g.ndim)
    grid: Array = steps * np.log1p(g)
    return np.exp(grid, out=grid)  # in place: one buffer a grid


def crossover_month(one_time: float, option_monthly: Array, baseline_monthly: Array,
                    weights: Array) -> float | None:
    """When cumulative cost (``one_time`` + the option's months) first falls to the
    baseline's, in months with the crossing month interpolated; None when it does not
    within the weighted months.

    >>> months = np.array([1.0, 1.0, 1.0, 1.0])
    >>> crossover_month(300.0, np.full(4, 100.0), np.full(4, 250.0), months)  # 300 ÷ 150
    2.0
    >>> crossover_month(1000.0, np.full(4, 100.0), np.full(4, 250.0), months) is None
    True
    """
    if one_time <= 0 and option_monthly[0] <= baseline_monthly[0]:
        return 0.0
    gains = (baseline_monthly - option_monthly) * weights
    behind = one_time - np.cumsum(gains)  # still to recover after each month
    caught = np.flatnonzero(behind <= 1e-9)
    if caught.size == 0:
        return None
    m = int(caught[0])
    before = one_time if m == 0 else float(behind[m - 1])
    return float(weights[:m].sum() + weights[m] * before / gains[m])
