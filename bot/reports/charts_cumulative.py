"""The cumulative cost chart: API against fine-tuned, month by month, and the crossover.

Both lines are the analysis's timeline as it is (:mod:`engine.timeline`): month 0 is launch,
when the fine-tuned side has paid the whole project and the API side nothing; each month
adds its bill, with growth. The crossover month, the first whose cumulative fine-tuned cost
is at most the API's, is marked; without one the title says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from bot.reports.charts_base import (
    API,
    FT,
    INK,
    SAVED,
    SIZE,
    Chart,
    escape,
    money_axis,
    new_figure,
    render,
)
from engine.analysis import Analysis
from engine.figures import percent, tokens, usd

__all__ = ["cumulative_chart"]

_MARKERS_UP_TO = 36  # months; beyond that, dots on every month would clutter the lines


def _title(a: Analysis) -> str:
    t = a.timeline
    horizon = t.months[-1]
    if t.crossover_month is None or not a.pays_back_within_lifetime:
        return f"No crossover within the lifetime: the API costs less in total over {horizon} " \
               "months"
    return f"Fine-tuning costs less in total from month {t.crossover_month} of {horizon}"


def _subtitle(a: Analysis) -> str:
    t = a.timeline
    difference = t.api_total_usd - t.ft_total_usd
    verdict = (f"fine-tuning saves {usd(difference)}" if difference > 0
               else f"the API saves {usd(-difference)}")
    return (f"Cumulative cost over {t.months[-1]} months: API {usd(t.api_total_usd)}, "
            f"fine-tuned {usd(t.ft_total_usd)} — {verdict}")


def _caption(a: Analysis) -> str:
    t = a.timeline
    today = tokens(t.requests_per_day[0] * a.inputs.workload.tokens_per_request)
    if t.monthly_growth_rate:
        volume = (f"Volume grows {percent(t.monthly_growth_rate)} a month from today's "
                  f"{today} tokens/day")
        volume += ("; the fleet is re-sized each month." if t.fleet_resized
                   else "; the fleet stays at today's size.")
    else:
        volume = f"Volume stays at today's {today} tokens/day."
    return (f"Month 0 is launch: fine-tuning starts with its {usd(t.project_usd)} project; "
            f"then each month adds serving, storage and the review delta. {volume}")


def _label_ends(ax: Axes, x: float, ends: list[tuple[float, str, str]], top: float) -> None:
    """Each line's total at its right end; two totals too close to read apart are pushed
    apart, keeping their order."""
    gap = 0.1 * top  # two lines of 13 pt text on a ~470 px tall axes
    ordered = sorted(ends, key=lambda end: end[0])
    spread = max(0.0, gap - (ordered[-1][0] - ordered[0][0])) / 2
    for shift, (value, colour, name) in zip((-spread, spread), ordered, strict=True):
        ax.annotate(escape(f"{name}\n{usd(value)}"), xy=(x, value + shift), xytext=(8, 0),
                    textcoords="offset points", ha="left", va="center",
                    fontsize=SIZE["note"], color=colour, fontweight="bold",
                    annotation_clip=False)


def cumulative_chart(analysis: Analysis) -> Chart:
    """Cumulative API and fine-tuned cost over the timeline's months, crossover marked.

    ``data``: ``api`` and ``ft`` as ``(month, cumulative $)`` lists from month 0;
    ``crossover`` as ``(month, cumulative fine-tuned $)`` or None; ``months`` the horizon.
    """
    a = analysis
    t = a.timeline
    months = np.asarray(t.months, dtype=float)
    api = np.asarray(t.api_cumulative_usd, dtype=float)
    ft = np.asarray(t.ft_cumulative_usd, dtype=float)
    m = t.crossover_month
    crossover = (m, float(ft[m])) if m is not None else None

    fig, ax = new_figure(right=0.86)
    marker = "o" if len(months) <= _MARKERS_UP_TO + 1 else None
    ahead = ft <= api
    ahead[0] = ahead[0] and bool(ahead[1:].any())  # launch day alone is no saving to shade
    ax.fill_between(months, ft, api, where=ahead, interpolate=True, color=SAVED, alpha=0.14,
                    linewidth=0, zorder=1)
    ax.plot(months, api, color=API, linewidth=3, marker=marker, markersize=5, zorder=4)
    ax.plot(months, ft, color=FT, linewidth=3, marker=marker, markersize=5,
            linestyle=(0, (6, 2)), zorder=4)
    top = float(max(api.max(), ft.max())) * 1.1 or 1.0
    money_axis(ax, log=False, low=0.0, high=top, label="Cumulative cost")
    ax.set_xlim(0, months[-1])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    ax.set_xlabel("Months from launch", fontsize=SIZE["label"], color=INK)
    # Lines labelled where they end rather than in a legend: the eye need not travel.
    _label_ends(ax, months[-1], [(float(api[-1]), API, "API"),
                                 (float(ft[-1]), FT, "fine-tuned")], top)
    lead = float(api[-1] - ft[-1])
    if lead > 0.12 * top:
        # Just above the fine-tuned line's end: the API line, above it, is at its farthest.
        ax.annotate(escape(f"fine-tuning ahead\nby {usd(lead)}"),
                    xy=(months[-1], float(ft[-1])), xytext=(-12, 10),
                    textcoords="offset points", ha="right", va="bottom",
                    fontsize=SIZE["note"], color=SAVED, fontweight="bold")
    if crossover is not None:
        ax.axvline(crossover[0], color=INK, linestyle=(0, (4, 3)), linewidth=1.4, zorder=2)
        ax.plot([crossover[0]], [crossover[1]], marker="D", markersize=11, color=INK,
                linestyle="none", zorder=6)
        right = crossover[0] / months[-1] < 0.62
        ax.annotate(escape(f"month {crossover[0]}: fine-tuning ahead in total"),
                    xy=(crossover[0], 1.0), xycoords=ax.get_xaxis_transform(),
                    xytext=(7 if right else -7, -4), textcoords="offset points",
                    ha="left" if right else "right", va="top", fontsize=SIZE["note"],
                    color=INK, fontweight="bold")

    title = _title(a)
    when = (f"fine-tuning's cumulative cost drops below the API's in month {m}"
            if m is not None else f"the API stays cheaper in total for all {t.months[-1]} months")
    alt = (f"Line chart of cumulative cost over {t.months[-1]} months: the API reaches "
           f"{usd(t.api_total_usd)} and fine-tuning {usd(t.ft_total_usd)}, starting from its "
           f"{usd(t.project_usd)} project; {when}.")
    data: dict[str, Any] = {
        "months": t.months[-1],
        "api": [(int(x), float(y)) for x, y in zip(t.months, t.api_cumulative_usd, strict=True)],
        "ft": [(int(x), float(y)) for x, y in zip(t.months, t.ft_cumulative_usd, strict=True)],
        "crossover": crossover,
    }
    return render(fig, title=title, subtitle=_subtitle(a), caption=_caption(a), alt_text=alt,
                  data=data)
