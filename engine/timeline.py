"""Over time: cumulative cost month by month, API against fine-tuned, and the crossover.

Month 0 is launch day: the fine-tuned side pays the whole project cost then; nothing is
served yet. In month m ≥ 1 the volume is today's × (1 + monthly growth)^(m − 1), so month 1
runs at today's volume. Each month the API side pays its bill and the fine-tuned side pays
serving, storage and the review delta; a fleet the scenario sizes automatically is re-sized
for each month's volume, a fleet of a typed size is not. All months are one vectorised
evaluation.

The crossover is the first month m ≥ 1 whose cumulative fine-tuned cost is at most the
cumulative API cost (to a millionth of a dollar, so float rounding never moves it by a
month). Without growth the net saving N per month is constant, cumulative fine-tuned ≤ API
⇔ project ≤ m·N ⇔ m ≥ payback months, so the crossover is ⌈payback⌉.

>>> from datetime import date
>>> from engine.models import Scenario
>>> from engine.resolve import resolve
>>> s = Scenario(model={"num_instances": 1},  # one A10G
...              project={"compute_usd_per_run": 100, "maintenance_hours_per_month": 0,
...                       "retrain_every_months": 0})  # project $20,600, net $4,133.08/month
>>> t = cumulative(s, resolve(s, at=date(2026, 11, 24)), months=12)
>>> t.crossover_month  # payback 20,600 / 4,133.08 = 4.98 months
5
>>> round(t.ft_cumulative_usd[0]), round(t.api_cumulative_usd[1])
(20600, 4875)
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from engine.lifetime import month_growth
from engine.models import Scenario
from engine.resolve import Resolved, point
from engine.roi import costs, over_samples

__all__ = ["Timeline", "cumulative"]

_TOLERANCE_USD = 1e-6


class Timeline(BaseModel):
    """Cumulative cost by month; every list is indexed by month, 0 (launch) to ``months``.

    ``requests_per_day[0]`` is today's volume (nothing is served in month 0).
    """

    months: list[int]
    requests_per_day: list[float]
    api_cumulative_usd: list[float]
    ft_cumulative_usd: list[float]
    crossover_month: int | None
    api_total_usd: float
    ft_total_usd: float
    project_usd: float
    monthly_growth_rate: float
    fleet_resized: bool


def cumulative(scenario: Scenario, resolved: Resolved, *, months: int) -> Timeline:
    """Cumulative API and fine-tuned cost over ``months`` months, with growth."""
    if months < 1:
        raise ValueError(f"months: {months} is not accepted — give at least 1")
    growth = scenario.workload.monthly_growth_rate
    today = scenario.workload.requests_per_day
    volume = today * month_growth(growth, months)
    o = costs(point(scenario, resolved, {"workload.requests_per_day": volume},
                       resize_fleet=True))
    api = over_samples(o.api_monthly_usd, volume.shape)
    ft = over_samples(o.ft_before_amortisation_monthly_usd, volume.shape)
    project = float(o.project_usd)
    api_cum = np.concatenate(([0.0], np.cumsum(api)))
    ft_cum = np.concatenate(([project], project + np.cumsum(ft)))
    ahead = ft_cum[1:] - api_cum[1:] <= _TOLERANCE_USD
    crossover = int(ahead.argmax()) + 1 if ahead.any() else None
    return Timeline(
        months=list(range(months + 1)),
        requests_per_day=[today, *volume.tolist()],
        api_cumulative_usd=api_cum.tolist(),
        ft_cumulative_usd=ft_cum.tolist(),
        crossover_month=crossover,
        api_total_usd=float(api_cum[-1]),
        ft_total_usd=float(ft_cum[-1]),
        project_usd=project,
        monthly_growth_rate=growth,
        fleet_resized=resolved.serving.sized_automatically,
    )
