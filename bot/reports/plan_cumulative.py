"""The cumulative cost chart's plan: API against fine-tuned, month by month, and the crossover.

Both lines are the analysis's timeline as it is (:mod:`engine.timeline`): month 0 is launch,
when the fine-tuned side has paid the whole project and the API side nothing; each month
adds its bill, with growth. The crossover month, the first whose cumulative fine-tuned cost
is at most the API's, is marked; without one the title says so. Drawn by
:mod:`bot.reports.charts_cumulative`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bot.reports.chart_plans import CumulativePlan, End, Mark, Planned, Words
from engine.analysis import Analysis
from engine.figures import percent, tokens, usd

__all__ = ["plan_cumulative"]

_MARKERS_UP_TO = 36  # months; beyond that, dots on every month would clutter the lines
_LEAD_SHARE = 0.12  # of the axis: a lead smaller than this is not written beside the lines


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


def plan_cumulative(analysis: Analysis) -> Planned[CumulativePlan]:
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

    ahead = ft <= api
    ahead[0] = ahead[0] and bool(ahead[1:].any())  # launch day alone is no saving to shade
    top = float(max(api.max(), ft.max())) * 1.1 or 1.0
    lead = float(api[-1] - ft[-1])

    title = _title(a)
    when = (f"fine-tuning's cumulative cost drops below the API's in month {m}"
            if m is not None else f"the API stays cheaper in total for all {t.months[-1]} months")
    alt = (f"Line chart of cumulative cost over {t.months[-1]} months: the API reaches "
           f"{usd(t.api_total_usd)} and fine-tuning {usd(t.ft_total_usd)}, starting from its "
           f"{usd(t.project_usd)} project; {when}.")
    plan = CumulativePlan(
        words=Words(title=title, subtitle=_subtitle(a), caption=_caption(a), alt_text=alt),
        months=months, api=api, ft=ft, markers=len(months) <= _MARKERS_UP_TO + 1,
        ahead=ahead, top=top, y_label="Cumulative cost", x_label="Months from launch",
        # Lines labelled where they end rather than in a legend: the eye need not travel.
        ends=(End(float(api[-1]), "api", f"API\n{usd(float(api[-1]))}"),
              End(float(ft[-1]), "ft", f"fine-tuned\n{usd(float(ft[-1]))}")),
        lead=f"fine-tuning ahead\nby {usd(lead)}" if lead > _LEAD_SHARE * top else None,
        crossover=None if crossover is None else Mark(
            crossover[0], crossover[1], f"month {crossover[0]}: fine-tuning ahead in total"))
    data: dict[str, Any] = {
        "months": t.months[-1],
        "api": [(int(x), float(y)) for x, y in zip(t.months, t.api_cumulative_usd, strict=True)],
        "ft": [(int(x), float(y)) for x, y in zip(t.months, t.ft_cumulative_usd, strict=True)],
        "crossover": crossover,
    }
    return Planned(plan, data)
