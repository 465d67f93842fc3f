"""The comparison chart: 2–4 scenarios side by side, ranked by what the company pays.

Per scenario, three bars of cost over the model's lifetime: today's API, the self-hosted
fine-tune, and the scenario's best option (the cheapest that meets its constraints, which
may be either of the others), each topped by its figure (compact, ``$75k``, so neighbouring
labels never collide). Under each group, the best option and its lifetime cost, in full.
The winner — in bold, and named by the title — is the scenario whose best option costs the
company least over its lifetime; the chart never crowns a fine-tune a cheaper bar beats.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from matplotlib.patches import Patch

from bot.reports.charts_base import (
    API,
    FT,
    FT_PROJECT,
    GREY,
    INK,
    SIZE,
    Chart,
    escape,
    money_axis,
    money_tick,
    new_figure,
    render,
)
from engine.analysis import Analysis
from engine.figures import quantity, usd

__all__ = ["MAX_SCENARIOS", "MIN_SCENARIOS", "comparison_chart"]

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
_WIDTH = 0.26  # of each bar; three take 0.78 of their slot


def _title(rows: Sequence[tuple[str, Analysis]]) -> str:
    name, a = min(rows, key=lambda row: row[1].decision.best_option.lifetime_usd)
    best = a.decision.best_option
    return (f"{name} costs least: {_lower(best.label)}, {usd(best.lifetime_usd)} over its "
            f"{quantity(a.project.lifetime_months)}-month lifetime")


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _bars(a: Analysis) -> list[tuple[str, float]]:
    d = a.decision
    return [("api", d.current.lifetime_usd), ("ft", d.self_hosted.lifetime_usd),
            ("best", d.best_option.lifetime_usd)]


def _outcome(a: Analysis) -> str:
    best = a.decision.best_option
    return "\n".join(textwrap.wrap(f"best: {best.label}", 30)[:2]) + \
        f"\n{usd(best.lifetime_usd)} over {quantity(a.project.lifetime_months)} months"


def comparison_chart(analyses: Sequence[tuple[str, Analysis]]) -> Chart:
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
    fig, ax = new_figure(bottom=0.3)
    colours = {"api": API, "ft": FT, "best": FT_PROJECT}
    for i, (_, a) in enumerate(rows):
        for k, (key, value) in enumerate(_bars(a)):
            x = i + (k - 1) * _WIDTH
            ax.bar(x, value, _WIDTH, color=colours[key], zorder=3,
                   hatch="//" if key == "best" else None, edgecolor="white", linewidth=0)
            ax.annotate(escape(money_tick(value)), xy=(x, max(value, 0.0)), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=SIZE["note"], color=INK, fontweight="bold")
    totals = [v for _, a in rows for _, v in _bars(a)]
    low = min(0.0, min(totals) * 1.1)
    money_axis(ax, log=False, low=low, high=max(max(totals) * 1.15, 1.0),
               label="Cost over the lifetime")
    if low < 0:
        ax.axhline(0, color=GREY, linewidth=1.2)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    labels = ["\n".join(textwrap.wrap(name, 24)[:2]) + "\n" + _outcome(a) for name, a in rows]
    ax.set_xticks(range(len(rows)), [escape(label) for label in labels])
    ax.tick_params(axis="x", length=0, labelsize=SIZE["tick"])
    winner = min(range(len(rows)), key=lambda i: rows[i][1].decision.best_option.lifetime_usd)
    ax.get_xticklabels()[winner].set_fontweight("bold")
    ax.grid(False, axis="x")
    fig.legend(handles=[Patch(color=API, label="Today's API"),
                        Patch(color=FT, label="Self-hosted fine-tune"),
                        Patch(facecolor=FT_PROJECT, hatch="//", edgecolor="white",
                              label="Best option")],
               loc="upper right", bbox_to_anchor=(0.97, 0.87), ncols=3, frameon=False,
               fontsize=SIZE["legend"])
    alt = (f"Bar chart comparing {len(rows)} scenarios' cost over their lifetimes: " + "; ".join(
        f"{name}: today's API {usd(a.decision.current.lifetime_usd)}, self-hosted "
        f"{usd(a.decision.self_hosted.lifetime_usd)}, best ({a.decision.best_option.label}) "
        f"{usd(a.decision.best_option.lifetime_usd)}" for name, a in rows) + ".")
    data: dict[str, Any] = {
        "winner": rows[winner][0],
        "scenarios": [{"name": name, "api": a.decision.current.lifetime_usd,
                       "ft": a.decision.self_hosted.lifetime_usd,
                       "best": a.decision.best_option.lifetime_usd,
                       "best_label": a.decision.best_option.label,
                       "lifetime_months": a.project.lifetime_months} for name, a in rows],
    }
    return render(fig, title=_title(rows),
                  subtitle=f"{len(rows)} scenarios: cost over each model's lifetime",
                  caption="Lifetime cost: one-time costs plus every month's running cost over "
                          "the model's lifetime, with growth and ongoing engineering. The best "
                          "option is the cheapest that meets the scenario's constraints.",
                  alt_text=alt, data=data)
