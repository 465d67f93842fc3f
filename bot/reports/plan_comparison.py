"""The comparison chart's plan: 2–4 scenarios side by side, ranked by what the company pays.

Per scenario, three bars of cost over the model's lifetime: today's API, the self-hosted
fine-tune, and the scenario's best option (the cheapest that meets its constraints, which
may be either of the others), each topped by its figure (compact, ``$75k``, so neighbouring
labels never collide). Under each group, the best option and its lifetime cost, in full.
The winner — in bold, and named by the title — is the scenario whose best option costs the
company least over its lifetime; the chart never crowns a fine-tune a cheaper bar beats.
Drawn by :mod:`bot.reports.charts_comparison`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, Literal

from bot.reports.chart_plans import ComparisonPlan, Group, Planned, Words
from engine.analysis import Analysis
from engine.figures import quantity, usd

__all__ = ["MAX_SCENARIOS", "MIN_SCENARIOS", "plan_comparison"]

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4


def _title(rows: Sequence[tuple[str, Analysis]]) -> str:
    name, a = min(rows, key=lambda row: row[1].decision.best_option.lifetime_usd)
    best = a.decision.best_option
    return (f"{name} costs least: {_lower(best.label)}, {usd(best.lifetime_usd)} over its "
            f"{quantity(a.project.lifetime_months)}-month lifetime")


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _bars(a: Analysis) -> list[tuple[Literal["api", "ft", "best"], float]]:
    d = a.decision
    return [("api", d.current.lifetime_usd), ("ft", d.self_hosted.lifetime_usd),
            ("best", d.best_option.lifetime_usd)]


def _outcome(a: Analysis) -> str:
    best = a.decision.best_option
    return "\n".join(textwrap.wrap(f"best: {best.label}", 30)[:2]) + \
        f"\n{usd(best.lifetime_usd)} over {quantity(a.project.lifetime_months)} months"


def plan_comparison(analyses: Sequence[tuple[str, Analysis]]) -> Planned[ComparisonPlan]:
    """Lifetime cost of today's API, the self-hosted fine-tune and the best option, for 2–4
    named scenarios.

    ``data``: ``scenarios`` as dicts (``name``, ``api``, ``ft``, ``best``, ``best_label``,
    ``lifetime_months``: lifetime costs) in the order given; ``winner`` the name whose best
    option costs least over its lifetime.
    """
    rows = list(analyses)
    if not MIN_SCENARIOS <= len(rows) <= MAX_SCENARIOS:
        raise ValueError(f"analyses: {len(rows)} scenarios cannot be compared — give "
                         f"{MIN_SCENARIOS} to {MAX_SCENARIOS}")
    groups = tuple(Group(
        label="\n".join(textwrap.wrap(name, 24)[:2]) + "\n" + _outcome(a),
        bars=tuple(_bars(a)))
        for name, a in rows)
    totals = [v for _, a in rows for _, v in _bars(a)]
    winner = min(range(len(rows)), key=lambda i: rows[i][1].decision.best_option.lifetime_usd)
    alt = (f"Bar chart comparing {len(rows)} scenarios' cost over their lifetimes: " + "; ".join(
        f"{name}: today's API {usd(a.decision.current.lifetime_usd)}, self-hosted "
        f"{usd(a.decision.self_hosted.lifetime_usd)}, best ({a.decision.best_option.label}) "
        f"{usd(a.decision.best_option.lifetime_usd)}" for name, a in rows) + ".")
    words = Words(title=_title(rows),
                  subtitle=f"{len(rows)} scenarios: cost over each model's lifetime",
                  caption="Lifetime cost: one-time costs plus every month's running cost over "
                          "the model's lifetime, with growth and ongoing engineering. The best "
                          "option is the cheapest that meets the scenario's constraints.",
                  alt_text=alt)
    plan = ComparisonPlan(words=words, groups=groups, winner=winner,
                          y_range=(min(0.0, min(totals) * 1.1), max(max(totals) * 1.15, 1.0)),
                          y_label="Cost over the lifetime")
    data: dict[str, Any] = {
        "winner": rows[winner][0],
        "scenarios": [{"name": name, "api": a.decision.current.lifetime_usd,
                       "ft": a.decision.self_hosted.lifetime_usd,
                       "best": a.decision.best_option.lifetime_usd,
                       "best_label": a.decision.best_option.label,
                       "lifetime_months": a.project.lifetime_months} for name, a in rows],
    }
    return Planned(plan, data)
