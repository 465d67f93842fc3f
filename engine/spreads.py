"""How uncertain each input is: ranges set around the person's own values.

A range the person gives (``scenario.ranges``) is used as it is. Every other uncertain input
gets a triangular range around its value — the value is the most likely one, never the
maximum — with the shape this module states:

* requests a day ×0.7 – ×1.3: forecasts of volume miss both ways;
* monthly growth ± max(2 points, half the rate), within the input's bounds;
* serving throughput ×0.6 – ×1.15 when estimated (estimates of tokens/s run high more often
  than low: published runs fall short of the claims they are checked against), ×0.85 –
  ×1.1 when you measured it;
* instance price ×0.85 – ×1.2: offers change, and capacity is not always there at the
  cheapest one;
* the fine-tuned model's review rate ×0.75 – ×1.25 (a guess until measured — at $5 a review
  a quarter of it can outweigh every other cost, which the tornado shows); today's API
  review rate ×0.9 – ×1.1 (you see it today);
* every engineering hour figure (each phase, maintenance, retraining evaluation, switching
  evaluation) ×0.85 – ×1.75: hours overrun more often and by more than they underrun, so
  the range is skewed to the right; and they move together (``group="hours"``: one
  overrun factor per sample), since one team's estimates overrun together.

All are ftroi's assumptions, stated in the analysis; give your own range to replace one.

>>> from datetime import date
>>> from engine.models import Scenario
>>> from engine.resolve import resolve
>>> s = Scenario()
>>> spread = {x.path: x for x in spreads(s, resolve(s, at=date(2026, 11, 24)))}
>>> x = spread["project.engineer_hours.data_collection"]
>>> (x.low, x.mode, x.high)  # 40 h: skewed towards overrun
(34.0, 40.0, 70.0)
"""

from __future__ import annotations

from pydantic import BaseModel

from engine.models import PHASES, Scenario
from engine.resolve import POINT_INPUTS, Resolved
from engine.sensitivity import current_value

__all__ = ["GROWTH_PATH", "SAMPLED_PATHS", "Spread", "spreads"]

GROWTH_PATH = "workload.monthly_growth_rate"
#: Every input the simulation can vary per sample (the rest need the catalogs again).
SAMPLED_PATHS: frozenset[str] = POINT_INPUTS | {GROWTH_PATH, "alternatives.evaluation_hours"}
_HOURS = (0.85, 1.75, "hours overrun more often and by more than they underrun, and "
                      "together (ftroi assumption: right-skewed, one factor for every hour "
                      "figure)")
_GROUPS = {"hours": _HOURS}
_RELATIVE: dict[str, tuple[float, float, str]] = {
    "workload.requests_per_day": (0.7, 1.3, "volume forecasts miss both ways (ftroi "
                                  "assumption)"),
    "model.instance_usd_per_hour": (0.85, 1.2, "offers change and the cheapest is not always "
                                    "available (ftroi assumption)"),
    "quality.human_review_rate_ft": (0.75, 1.25, "a review rate not yet measured on the "
                                     "fine-tuned model (ftroi assumption)"),
    "quality.human_review_rate_api": (0.9, 1.1, "today's review rate is observed (ftroi "
                                      "assumption)"),
    **{f"project.engineer_hours.{phase}": _HOURS for phase in PHASES},
    "project.maintenance_hours_per_month": _HOURS,
    "project.retrain_evaluation_hours": _HOURS,
    "alternatives.evaluation_hours": _HOURS,
}
_BOUNDS = {GROWTH_PATH: (-0.5, 1.0), "quality.human_review_rate_ft": (0.0, 1.0),
           "quality.human_review_rate_api": (0.0, 1.0)}


class Spread(BaseModel):
    """One sampled input: triangular(low, mode, high), and where the range came from.

    Inputs of one ``group`` are drawn as one factor: mode × triangular(low/mode, 1,
    high/mode), the same in every member for a given sample.
    """

    path: str
    low: float
    mode: float
    high: float
    source: str
    group: str | None = None


def spreads(scenario: Scenario, resolved: Resolved) -> list[Spread]:
    """Every input the uncertainty samples, in path order."""
    out: dict[str, Spread] = {}
    for path, (lo, hi, why) in _RELATIVE.items():
        value = _value(scenario, resolved, path)
        low, high = value * lo, value * hi
        bound = _BOUNDS.get(path)
        if bound:
            low, high = max(low, bound[0]), min(high, bound[1])
        out[path] = Spread(path=path, low=low, mode=value, high=high,
                           source=f"×{lo:g} – ×{hi:g}: {why}",
                           group=next((g for g, shape in _GROUPS.items()
                                       if shape == (lo, hi, why)), None))
    tps = "model.throughput_tokens_per_s_per_instance"
    measured = scenario.model.throughput_tokens_per_s_per_instance is not None
    lo, hi = (0.85, 1.1) if measured else (0.6, 1.15)
    value = resolved.serving.throughput_tokens_per_s_per_instance
    out[tps] = Spread(path=tps, low=value * lo, mode=value, high=value * hi,
                      source=f"×{lo:g} – ×{hi:g}: " + (
                          "your measured figure (ftroi assumption)" if measured else
                          "estimates of tokens/s run high more often than low (ftroi "
                          "assumption: skewed down)"))
    g = scenario.workload.monthly_growth_rate
    d = max(0.02, abs(g) / 2)
    out[GROWTH_PATH] = Spread(path=GROWTH_PATH, low=max(g - d, -0.5), mode=g,
                              high=min(g + d, 1.0),
                              source="± max(2 points, half the rate) (ftroi assumption)")
    for path, r in scenario.ranges.items():
        if path in SAMPLED_PATHS:
            value = _value(scenario, resolved, path)
            out[path] = Spread(path=path, low=min(r.low, value), mode=value,
                               high=max(r.high, value), source="your range")
    return [out[path] for path in sorted(out)]


def _value(scenario: Scenario, resolved: Resolved, path: str) -> float:
    if path in POINT_INPUTS:
        return current_value(scenario, resolved, path)
    return scenario.get(path)
