"""A fleet re-sized every month, summed over the lifetime by the months at each size.

Month m (m = 0, 1, … from the first) runs a load of P·e^(m·ℓ) instances' worth, with P
today's load and ℓ = ln(1 + g) for a monthly growth g, and ⌈P·e^(m·ℓ) − ε⌉ instances (at
least one; ε = a billionth of an instance of float noise forgiven), as
:func:`engine.serving.fleet_hours_by_month` sizes each month of the grid. The load moves one
way, so the fleet climbs (or falls) through whole sizes, each reached once: it runs k
instances or more exactly in the months where

    P·e^(m·ℓ) > k − 1 + ε   ⇔   m·ℓ > ln(k − 1 + ε) − ln P,

which, for growth, is every month from ⌊τ_k⌋ + 1 on, and for decline every month before
⌈τ_k⌉, with τ_k = (ln(k − 1 + ε) − ln P) / ℓ. A lifetime of L months weighs month m by
clip(L − m, 0, 1), so the first J months weigh min(J, L) together and the rest L − min(J, L).
The fleet's instance-months are then Σ_k (the weight of the months with k or more):

>>> import numpy as np
>>> # a load of 1.5 instances growing 10% a month, for 12 months: 2 instances, 3 from
>>> # month 4 (a load of 2.2), 4 from month 8 (3.2) and 5 in month 11 (4.3)
>>> float(instance_months(np.array([1.5]), np.log1p([0.1]), 12.0, floor=1)[0])
37.0
>>> sum(max(1, int(np.ceil(1.5 * 1.1 ** m - 1e-9))) for m in range(12))  # 2·4 + 3·4 + 4·3 + 5
37

The off-peak fleet is ⌈O·e^(m·ℓ) − ε⌉ but never more than the peak's: it runs k or more
where both loads pass k − 1 + ε — the smaller load's threshold — and none when its load is
nil. Each size a fleet climbs costs a few operations over the samples, where the month grid
costs a dozen over every month of every sample: :func:`weighted_fleet_hours` says None when
the sizes to climb outnumber the months (a large fleet whose samples span many sizes), and
the grid is used instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from engine.serving import INSTANCE_NOISE, instance_loads, whole_instances

__all__ = ["instance_months", "sizes", "weighted_fleet_hours"]

Array = npt.NDArray[np.float64]

def sizes(load: Array, log_step: Array, lifetime: Any) -> tuple[int, int]:
    """The smallest and the largest whole fleet, ⌈load·e^(m·ℓ) − ε⌉, of any sample in any
    month of its lifetime: the load moves one way, so they are its first month's and its
    last's."""
    last = np.ceil(np.asarray(lifetime, dtype=float) - 1e-12) - 1.0  # the last month, from 0
    first_or_last = np.exp(log_step * last)
    start_load = np.minimum(load, load * first_or_last)
    end_load = np.maximum(load, load * first_or_last)
    return (int(np.min(whole_instances(start_load))),
            int(np.max(whole_instances(end_load))))


def instance_months(load: Array, log_step: Array, lifetime: Any, *, floor: int,
                    between: tuple[int, int] | None = None) -> Array:
    """Σ over the lifetime's months of weight × max(⌈load·e^(m·log_step) − ε⌉, ``floor``),
    per sample; ``between`` the :func:`sizes` of the load, when known.

    Every month runs the smallest size (or ``floor``) at least; above it, with
    x = (ln(k − 1 + ε) − ln P) / |ℓ|, the weight of the months at k or more is
    clip(L − 1 − ⌊x⌋, 0, L) for growth and clip(−⌊x⌋, 0, L) for decline (⌈τ⌉ = −⌊−τ⌋):
    one expression, clip(c − ⌊x⌋, 0, L), with c = L − 1 or 0 per sample. No growth counts
    as decline with |ℓ| = 10⁻³⁰⁰: every month when the load is above k − 1 + ε, else none.
    """
    life = np.asarray(lifetime, dtype=float)
    smallest, largest = between or sizes(load, log_step, life)
    low = max(smallest, floor)
    total: Array = np.multiply(float(low), life) + np.zeros(load.shape)
    if largest <= low:
        return total
    log_load = np.log(load, out=np.full(load.shape, -np.inf), where=load > 0)  # none: never
    per_step = 1.0 / np.maximum(np.abs(log_step), 1e-300)
    start = np.where(log_step > 0, life - 1.0, 0.0)
    for k in range(low + 1, largest + 1):
        x = np.log(k - 1 + INSTANCE_NOISE) - log_load  # m·|ℓ| must pass it
        x *= per_step
        weight = np.subtract(start, np.floor(x, out=x), out=x)
        total += np.minimum(np.maximum(weight, 0.0, out=weight), life, out=weight)
    return total


def weighted_fleet_hours(daily_tokens: Any, growth: Any, lifetime: Any, throughput: Any,
                         target_utilisation: Any, *, months: int,
                         peak_hours_per_day: float | None = None,
                         off_peak_traffic_share: float | None = None) -> Array | None:
    """Σ over the lifetime's months of weight × instance-hours a day of a fleet ftroi sizes
    (peak and off-peak), per sample — or None when the fleets have more sizes to climb
    than the lifetime has ``months`` (the month grid is then cheaper)."""
    peak_hours, off_hours, peak, off = instance_loads(
        daily_tokens, throughput, target_utilisation, peak_hours_per_day=peak_hours_per_day,
        off_peak_traffic_share=off_peak_traffic_share)
    log_step = np.log1p(np.asarray(growth, dtype=float))
    peak, log_step = np.broadcast_arrays(peak, log_step)
    life = np.asarray(lifetime, dtype=float)
    peak_sizes = sizes(peak, log_step, life)
    climb = peak_sizes[1] - max(peak_sizes[0], 1)
    if off is not None and np.any(off):
        off = np.broadcast_to(off, peak.shape)
        smaller = np.minimum(peak, off)  # above one instance, the smaller load's fleet
        smaller_sizes = sizes(smaller, log_step, life)
        climb += 1 + smaller_sizes[1] - max(smaller_sizes[0], 1)
    else:
        off = None
    if climb > months:
        return None
    hours = instance_months(peak, log_step, life, floor=1, between=peak_sizes)
    hours *= peak_hours
    if off is not None:
        # one instance off-peak where its own load needs one; more where both loads do
        off_months = instance_months(off, log_step, life, floor=0, between=(0, 1))
        off_months += instance_months(smaller, log_step, life, floor=1,
                                      between=smaller_sizes) - life
        hours += off_months * off_hours
    return hours
