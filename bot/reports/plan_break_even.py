"""The break-even chart's plan: monthly cost against daily tokens, API against fine-tuned.

Three lines over one sweep of volume (one vectorised :func:`engine.roi.evaluate`): the API
bill; the fine-tuned running cost (serving + storage + ongoing engineering + review delta),
whose crossing with the API is the operating break-even; and the same plus the project
amortised over the model's lifetime, whose crossing is the lifetime break-even — the one
marked, and the one the title reads. The title says fine-tuning is cheaper only when it
costs less than today's API over the lifetime. Today's volume is marked. The sweep runs
from well below to well above both; when they are five or more times apart the axes are
logarithmic (the range then spans more than two decades), otherwise linear from zero.

A fleet the scenario sizes automatically is re-sized along the sweep (the fine-tuned lines
step up an instance at a time); the break-even, like the analysis's, holds today's fleet,
and the caption says so. Drawn by :mod:`bot.reports.charts_break_even`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bot.reports.chart_plans import BreakEvenPlan, Line, Mark, Planned, Words
from engine.analysis import Analysis
from engine.figures import count, quantity, tokens, unit_usd, usd
from engine.resolve import Resolved, point
from engine.roi import evaluate

__all__ = ["plan_break_even", "resolved_of", "volume_range"]

_POINTS = 1_000  # enough that a re-sized fleet's steps read as steps
_LOG_RATIO = 5.0  # anchors this far apart: log axes over [min / 5, max × 5], > 2 decades
_LINEAR_HEADROOM = 2.5  # linear axes run from 0 to 2.5 × the larger anchor
_SECONDS_PER_DAY = 86_400
_SUBTITLE = "Monthly cost against daily tokens, API against fine-tuned"


def resolved_of(a: Analysis) -> Resolved:
    """The catalog look-ups the analysis used, rebuilt from it (no catalog is read again)."""
    return Resolved(priced_at=a.priced_at, api=a.api_price, serving=a.serving,
                    compute_usd_per_run=a.project.compute_per_run_usd,
                    compute_source=a.project.compute_per_run_source, training=a.training)


def volume_range(a: Analysis) -> tuple[bool, float, float]:
    """(log?, low, high) tokens/day: around today's volume and the break-even.

    Without either (no traffic and no break-even) the range is around what today's fleet
    serves at its target utilisation.
    """
    today, be = a.break_even.current_tokens_per_day, a.break_even.lifetime_tokens_per_day
    anchors = [v for v in (today, be) if v is not None and v > 0]
    if not anchors:
        s = a.serving
        anchors = [s.capacity_tokens_per_s * _SECONDS_PER_DAY * a.inputs.model.target_utilisation]
    low, high = min(anchors), max(anchors)
    if today > 0 and high / low >= _LOG_RATIO:
        return True, low / _LOG_RATIO, high * _LOG_RATIO
    return False, 0.0, high * _LINEAR_HEADROOM


def _title(a: Analysis) -> str:
    be = a.break_even
    now = tokens(be.current_tokens_per_day)
    life = quantity(a.project.lifetime_months)
    if be.lifetime_tokens_per_day is not None:
        at = tokens(be.lifetime_tokens_per_day)
        if a.pays_back_within_lifetime:
            return (f"Fine-tuning costs less than the API over the {life}-month lifetime "
                    f"above {at} tokens/day — you are at {now}")
        return (f"The API is cheaper at your volume: over the {life}-month lifetime fine-tuning "
                f"breaks even only above {at} tokens/day — you are at {now}")
    if be.api_usd_per_1m_blended is not None:
        return "No break-even at any volume: the API is cheaper however much you send"
    return "No break-even: requests have no tokens to price"


def _fleet(a: Analysis) -> str:
    n = a.serving.num_instances
    return f"{count(n)} {'instance' if n == 1 else 'instances'}"


def _caption(a: Analysis, resized: bool) -> str:
    s, be = a.serving, a.break_even
    fleet = f"{_fleet(a)} of {s.gpus_per_instance}× {s.gpu.upper()}"
    project = (f"Project {usd(a.project.total_usd)} amortised over "
               f"{quantity(a.project.lifetime_months)} months.")
    if be.tokens_per_day is None:
        why = (f"No break-even at any volume: extra review costs "
               f"{unit_usd(be.review_delta_usd_per_1m)} per 1M tokens, at least the API's "
               f"{unit_usd(be.api_usd_per_1m_blended)}."
               if be.review_delta_usd_per_1m is not None and be.api_usd_per_1m_blended is not None
               else f"No break-even: {be.reason}.")
    else:
        why = (f"Lifetime break-even (marked): the API bill equals the fine-tuned cost with the "
               f"project amortised; without it (the source document's operating break-even) "
               f"{tokens(be.tokens_per_day)} tokens/day.")
    if resized:
        fleet_note = (f"The fine-tuned lines re-size the fleet with volume; the break-even is "
                      f"for today's fleet ({fleet}).")
    else:
        fleet_note = f"Fleet held at today's {fleet}."
    return f"{why} {fleet_note} {project}"


def _no_tokens(a: Analysis, title: str) -> Planned[BreakEvenPlan]:
    alt = f"{title}: with no tokens per request there is nothing to plot."
    data = {"log_x": False, "api": [], "ft": [], "ft_with_project": [], "break_even": None,
            "today": (a.break_even.current_tokens_per_day, a.monthly.api_usd),
            "fleet_resized": False}
    words = Words(title=title, subtitle="Monthly cost against daily tokens",
                  caption=_caption(a, resized=False), alt_text=alt)
    empty = np.zeros(0)
    plan = BreakEvenPlan(
        words=words, message="Each request has 0 input and 0 output tokens: there is no "
                             "volume in tokens to plot the costs against.",
        xs=empty, lines=(), log_x=False, log_y=False, x_range=(0.0, 1.0), y_range=(0.0, 1.0),
        x_label="", y_label="", today=None, today_ft=0.0, break_even=None)
    return Planned(plan, data)


def _labels(a: Analysis, resized: bool) -> dict[str, str]:
    running = "Fine-tuned: serving + storage + upkeep + review"
    return {"api": "API bill",
            "ft": running + (", fleet re-sized" if resized else ""),
            "ft_with_project": f"Fine-tuned + project amortised over "
                               f"{quantity(a.project.lifetime_months)} months",
            "ft_today_fleet": f"Same, today's {_fleet(a)} held (the break-even's fleet)"}


def _money_range(lines: dict[str, np.ndarray], log: bool,
                 anchors: list[float]) -> tuple[float, float]:
    """The money axis: every line's top; at the bottom $0 (linear) or, on a log scale, half
    the lowest figure at the left edge or today, so a line falling towards $0 leaves the
    chart rather than stretching it over decades."""
    values = np.concatenate(list(lines.values()))
    finite = values[np.isfinite(values)]
    if log:
        positive = [float(v) for v in anchors if v > 0]
        return min(positive) / 2, float(finite.max()) * 1.6
    return min(0.0, float(finite.min()) * 1.05), float(finite.max()) * 1.08 or 1.0


def _pairs(xs: np.ndarray, ys: np.ndarray) -> list[tuple[float, float]]:
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def plan_break_even(analysis: Analysis) -> Planned[BreakEvenPlan]:
    """Monthly cost against daily tokens: API, fine-tuned, the break-even and today.

    ``data``: ``api``, ``ft`` (serving + storage + ongoing engineering + review delta) and
    ``ft_with_project`` as ``(tokens/day, $/month)`` lists; ``break_even`` (the lifetime
    break-even) and ``today`` as ``(tokens/day, API $/month)`` (``break_even`` None when
    there is none); ``today_ft`` the fine-tuned
    running cost today; ``log_x``, ``log_y`` and ``fleet_resized``. When the fleet is
    re-sized, ``ft_today_fleet`` is the cost with the project amortised and today's fleet
    held (the line the lifetime break-even lies on); otherwise None, ``ft_with_project``
    being that line.
    """
    a = analysis
    s = a.inputs
    be = a.break_even
    title = _title(a)
    per_request = s.workload.tokens_per_request
    if per_request <= 0:
        return _no_tokens(a, title)

    log_x, low, high = volume_range(a)
    grid = np.geomspace(low, high, _POINTS) if log_x else np.linspace(low, high, _POINTS)
    marked = [s.workload.requests_per_day]
    if be.lifetime_tokens_per_day is not None:
        marked.append(be.lifetime_tokens_per_day / per_request)
    requests = np.concatenate([grid / per_request, marked])
    resized = a.serving.sized_automatically
    o = evaluate(point(s, resolved_of(a), {"workload.requests_per_day": requests},
                       resize_fleet=resized))

    def full(values: np.ndarray) -> np.ndarray:
        return np.broadcast_to(values, requests.shape)

    x, api, ft = full(o.daily_tokens), full(o.api_monthly_usd), full(
        o.ft_before_amortisation_monthly_usd)
    ft_total = full(o.ft_total_monthly_usd)
    # Today's fleet held (the break-even's fleet), with the project amortised as on the line
    # above it: serving and storage do not move with volume, so the cost is theirs, the
    # upkeep and the amortised project, plus the review delta of the same evaluation. The
    # lifetime break-even is where the API line meets this one.
    m = a.monthly
    held = m.serving_usd + m.storage_usd + m.ongoing_engineering_usd + full(
        o.review_delta_monthly_usd) + full(o.amortised_monthly_usd)
    n = _POINTS
    today = (float(x[n]), float(api[n]))
    break_even = ((float(x[n + 1]), float(api[n + 1]))
                  if be.lifetime_tokens_per_day is not None else None)
    lines = {"api": api[:n], "ft": ft[:n], "ft_with_project": ft_total[:n]}
    if resized:
        lines["ft_today_fleet"] = held[:n]

    # Log money axis with log volume, unless the API bill itself is not positive. A
    # fine-tuned cost at or below $0 (review savings beyond serving) is then not drawn.
    log_y = log_x and bool(np.all(api[:n] > 0))
    drawn = {k: np.where(v > 0, v, np.nan) if log_y else np.asarray(v) for k, v in lines.items()}
    y_range = _money_range(drawn, log_y, [api[0], ft[0], ft_total[0], held[0], today[1],
                                          float(ft[n])])
    labels = _labels(a, resized)

    hidden = ~np.isfinite(drawn["ft"])
    below = (f" The fine-tuned cost falls to $0 or below (not drawn on the log scale) from "
             f"{tokens(float(x[:n][hidden][0]))} tokens/day." if hidden.any() else "")
    where = (f"crosses the fine-tuned cost with the project amortised at "
             f"{tokens(break_even[0])} tokens/day"
             if break_even is not None else "never crosses the fine-tuned cost")
    alt = (f"Line chart of monthly cost against daily tokens from {tokens(low)} to "
           f"{tokens(high)}: the API bill {where}, and today's volume is "
           f"{tokens(today[0])} tokens/day.")
    words = Words(title=title, subtitle=_SUBTITLE, caption=_caption(a, resized) + below,
                  alt_text=alt)
    plan = BreakEvenPlan(
        words=words, message=None, xs=np.ascontiguousarray(x[:n]),
        lines=tuple(Line(key, labels[key], drawn[key]) for key in lines),  # type: ignore[arg-type]
        log_x=log_x, log_y=log_y, x_range=(low, high), y_range=y_range,
        x_label="Daily tokens" + (" (log scale)" if log_x else ""),
        y_label="Monthly cost" + (" (log scale)" if log_y else ""),
        today=Mark(today[0], today[1], f"today: {tokens(today[0])} tokens/day"),
        today_ft=float(ft[n]),
        break_even=None if break_even is None else Mark(
            break_even[0], break_even[1],
            f"break-even: {tokens(break_even[0])} tokens/day, {usd(break_even[1])}/month"))
    data: dict[str, Any] = {"log_x": log_x, "log_y": log_y, "fleet_resized": resized,
                            "ft_today_fleet": None}
    data.update({k: _pairs(x[:n], v) for k, v in lines.items()})
    data.update(break_even=break_even, today=today, today_ft=(today[0], float(ft[n])))
    return Planned(plan, data)
