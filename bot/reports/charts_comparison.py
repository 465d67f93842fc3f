"""The comparison chart: 2–4 scenarios side by side, which option wins.

Per scenario, two bars of monthly cost: the API bill, and the fine-tuned total split into its
running cost (serving + storage + review delta) and the amortised project, each topped by its
figure (compact, ``$7.5k``, so neighbouring labels never collide). Under each pair, the
monthly savings and the payback, in full; the winner's in bold. The winner is the scenario
with the largest monthly savings (after the amortised project); when none saves anything the
API wins, and the title says which option comes closest.
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
from engine.figures import months, signed_usd, usd

__all__ = ["MAX_SCENARIOS", "MIN_SCENARIOS", "comparison_chart"]

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
_WIDTH = 0.36  # of each bar; a pair takes 0.72 of its slot


def _title(rows: Sequence[tuple[str, Analysis]]) -> str:
    name, best = max(rows, key=lambda row: row[1].monthly.savings_usd)
    saving = best.monthly.savings_usd
    if saving > 0:
        payback = best.payback_months
        return (f"{name} wins: saves {usd(saving)}/month"
                + (f", pays back in {months(payback)}" if payback is not None else ""))
    return (f"The API wins in every option; {name} comes closest at "
            f"{signed_usd(saving)}/month")


def _running(a: Analysis) -> float:
    """Serving + storage + review delta: the fine-tuned total before the amortised project."""
    return a.monthly.ft_total_usd - a.monthly.amortised_project_usd


def _outcome(a: Analysis) -> str:
    saving = a.monthly.savings_usd
    verb = "saves" if saving > 0 else "costs"
    payback = ("pays back in " + months(a.payback_months) if a.payback_months is not None
               else "never pays back")
    return f"{verb} {usd(abs(saving))}/month\n{payback}"


def comparison_chart(analyses: Sequence[tuple[str, Analysis]]) -> Chart:
    """Monthly API bill against the fine-tuned total for 2–4 named scenarios.

    ``data``: ``scenarios`` as dicts (``name``, ``api``, ``ft_running``, ``ft_project``,
    ``ft_total``, ``savings``, ``payback_months``) in the order given; ``winner`` the name
    with the largest monthly savings, or None when the API wins everywhere.
    """
    rows = list(analyses)
    if not MIN_SCENARIOS <= len(rows) <= MAX_SCENARIOS:
        raise ValueError(f"analyses: {len(rows)} scenarios cannot be compared — give "
                         f"{MIN_SCENARIOS} to {MAX_SCENARIOS}")
    fig, ax = new_figure(bottom=0.27)
    for i, (_, a) in enumerate(rows):
        m = a.monthly
        running = _running(a)
        ax.bar(i - _WIDTH / 2, m.api_usd, _WIDTH, color=API, zorder=3)
        ax.bar(i + _WIDTH / 2, running, _WIDTH, color=FT, zorder=3)
        ax.bar(i + _WIDTH / 2, m.amortised_project_usd, _WIDTH, bottom=running,
               color=FT_PROJECT, hatch="//", edgecolor="white", linewidth=0, zorder=3)
        for x, value in ((i - _WIDTH / 2, m.api_usd), (i + _WIDTH / 2, m.ft_total_usd)):
            ax.annotate(escape(money_tick(value)), xy=(x, max(value, 0.0)), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=SIZE["note"], color=INK, fontweight="bold")

    totals = [v for _, a in rows for v in (a.monthly.api_usd, a.monthly.ft_total_usd,
                                           _running(a))]
    low = min(0.0, min(totals) * 1.1)
    money_axis(ax, log=False, low=low, high=max(max(totals) * 1.15, 1.0), label="Monthly cost")
    if low < 0:
        ax.axhline(0, color=GREY, linewidth=1.2)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    labels = ["\n".join(textwrap.wrap(name, 24)[:2]) + "\n" + _outcome(a) for name, a in rows]
    ax.set_xticks(range(len(rows)), [escape(label) for label in labels])
    ax.tick_params(axis="x", length=0, labelsize=SIZE["tick"])
    winner = max(range(len(rows)), key=lambda i: rows[i][1].monthly.savings_usd)
    if rows[winner][1].monthly.savings_usd > 0:
        ax.get_xticklabels()[winner].set_fontweight("bold")
    ax.grid(False, axis="x")
    fig.legend(handles=[Patch(color=API, label="API bill"),
                        Patch(color=FT, label="Fine-tuned: serving + storage + review"),
                        Patch(facecolor=FT_PROJECT, hatch="//", edgecolor="white",
                              label="+ project, amortised")],
               loc="upper right", bbox_to_anchor=(0.97, 0.87), ncols=3, frameon=False,
               fontsize=SIZE["legend"])

    title = _title(rows)
    alt = (f"Bar chart comparing {len(rows)} options' monthly API bill with their fine-tuned "
           "total: " + "; ".join(f"{name} {usd(a.monthly.api_usd)} against "
                                  f"{usd(a.monthly.ft_total_usd)}" for name, a in rows) + ".")
    data: dict[str, Any] = {
        "winner": rows[winner][0] if rows[winner][1].monthly.savings_usd > 0 else None,
        "scenarios": [{"name": name, "api": a.monthly.api_usd,
                       "ft_running": _running(a),
                       "ft_project": a.monthly.amortised_project_usd,
                       "ft_total": a.monthly.ft_total_usd, "savings": a.monthly.savings_usd,
                       "payback_months": a.payback_months} for name, a in rows],
    }
    return render(fig, title=title,
                  subtitle=f"{len(rows)} options: monthly cost, API against fine-tuned",
                  caption="Savings are after the amortised project; payback is the project "
                          "cost over the monthly saving before amortisation.",
                  alt_text=alt, data=data)
