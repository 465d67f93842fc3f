"""The break-even chart: monthly cost against daily tokens, API against fine-tuned.

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
and the caption says so.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes

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
    new_figure,
    render,
    tokens_axis,
)
from engine.analysis import Analysis
from engine.figures import count, quantity, tokens, unit_usd, usd
from engine.resolve import Resolved, point
from engine.roi import evaluate

__all__ = ["break_even_chart", "resolved_of", "volume_range"]

_POINTS = 1_000  # enough that a re-sized fleet's steps read as steps
_LOG_RATIO = 5.0  # anchors this far apart: log axes over [min / 5, max × 5], > 2 decades
_LINEAR_HEADROOM = 2.5  # linear axes run from 0 to 2.5 × the larger anchor
_SECONDS_PER_DAY = 86_400
#: A white backing that keeps a marker's label readable where a line crosses it.
_BACKING = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none",
            "alpha": 0.85}


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


def _caption(a: Analysis, resized: bool) -> str:
    s, be = a.serving, a.break_even
    noun = "instance" if s.num_instances == 1 else "instances"
    fleet = f"{count(s.num_instances)} {noun} of {s.gpus_per_instance}× {s.gpu.upper()}"
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


def _side(ax: Axes, x: float) -> tuple[str, int]:
    """Where a label beside a vertical line at ``x`` fits: right of it, or left near the end."""
    left, right = ax.get_xlim()
    if ax.get_xscale() == "log":
        share = math.log(x / left) / math.log(right / left) if x > 0 else 0.0
    else:
        share = (x - left) / (right - left)
    return ("left", 7) if share < 0.62 else ("right", -7)


def _mark_today(ax: Axes, x: float, api_y: float, ft_y: float) -> None:
    ax.axvline(x, color=GREY, linestyle=":", linewidth=1.8, zorder=2)
    ax.plot([x, x], [api_y, ft_y], linestyle="none", marker="o", markersize=9,
            markerfacecolor="white", markeredgewidth=2.2, markeredgecolor=INK, zorder=6)
    ha, dx = _side(ax, x)
    ax.annotate(escape(f"today: {tokens(x)} tokens/day"), xy=(x, 1.0),
                xycoords=ax.get_xaxis_transform(), xytext=(dx, -4),
                textcoords="offset points", ha=ha, va="top", fontsize=SIZE["note"], color=INK,
                bbox=_BACKING, zorder=8)


def _mark_break_even(ax: Axes, x: float, y: float) -> None:
    ax.plot([x, x], [ax.get_ylim()[0], y], color=INK, linestyle=(0, (4, 3)), linewidth=1.4,
            zorder=2)
    ax.plot([x], [y], linestyle="none", marker="D", markersize=11, color=INK, zorder=7)
    ha, dx = _side(ax, x)
    ax.annotate(escape(f"break-even: {tokens(x)} tokens/day, {usd(y)}/month"), xy=(x, 0.0),
                xycoords=ax.get_xaxis_transform(), xytext=(dx, 6), textcoords="offset points",
                ha=ha, va="bottom", fontsize=SIZE["note"], color=INK, fontweight="bold",
                bbox=_BACKING, zorder=8)


def _no_tokens_chart(a: Analysis, title: str) -> Chart:
    fig, ax = new_figure()
    ax.set_axis_off()
    ax.text(0.5, 0.5, escape("Each request has 0 input and 0 output tokens: there is no "
                             "volume in tokens to plot the costs against."),
            ha="center", va="center", fontsize=SIZE["subtitle"], color=INK,
            transform=ax.transAxes)
    alt = f"{title}: with no tokens per request there is nothing to plot."
    data = {"log_x": False, "api": [], "ft": [], "ft_with_project": [], "break_even": None,
            "today": (a.break_even.current_tokens_per_day, a.monthly.api_usd),
            "fleet_resized": False}
    return render(fig, title=title, subtitle="Monthly cost against daily tokens",
                  caption=_caption(a, resized=False), alt_text=alt, data=data)


def break_even_chart(analysis: Analysis) -> Chart:
    """Monthly cost against daily tokens: API, fine-tuned, the break-even and today.

    ``data``: ``api``, ``ft`` (serving + storage + ongoing engineering + review delta) and
    ``ft_with_project`` as ``(tokens/day, $/month)`` lists; ``break_even`` (the lifetime
    break-even) and ``today`` as ``(tokens/day, API $/month)`` (``break_even`` None when
    there is none); ``today_ft`` the fine-tuned
    running cost today; ``log_x``, ``log_y`` and ``fleet_resized``. When the fleet is
    re-sized, ``ft_today_fleet`` is the running cost with today's fleet held (the line
    the break-even lies on); otherwise None, ``ft`` being that line.
    """
    a = analysis
    s = a.inputs
    be = a.break_even
    title = _title(a)
    per_request = s.workload.tokens_per_request
    if per_request <= 0:
        return _no_tokens_chart(a, title)

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
    # Today's fleet held (the break-even's fleet): its serving and storage do not move with
    # volume, so its running cost is theirs plus the review delta of the same evaluation.
    m = a.monthly
    held = m.serving_usd + m.storage_usd + m.ongoing_engineering_usd + full(
        o.review_delta_monthly_usd)
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
    drawn = {k: np.where(v > 0, v, np.nan) if log_y else v for k, v in lines.items()}
    fig, ax = new_figure()
    _draw_lines(ax, x[:n], drawn, a)
    y_low, y_high = _money_range(drawn, log_y, [api[0], ft[0], ft_total[0], held[0],
                                                today[1], float(ft[n])])
    tokens_axis(ax, log=log_x, low=low, high=high,
                label="Daily tokens" + (" (log scale)" if log_x else ""))
    money_axis(ax, log=log_y, low=y_low, high=y_high,
               label="Monthly cost" + (" (log scale)" if log_y else ""))
    if not log_y and y_low < 0:
        ax.axhline(0, color=GREY, linewidth=1.2, zorder=2)
    _mark_today(ax, today[0], today[1], float(ft[n]))
    if break_even is not None:
        _mark_break_even(ax, *break_even)
    legend = ax.legend(loc="upper left", fontsize=SIZE["legend"], frameon=True,
                       framealpha=0.95, edgecolor="#dddddd", bbox_to_anchor=(0.0, 0.92))
    legend.set_zorder(8)

    hidden = ~np.isfinite(drawn["ft"])
    below = (f" The fine-tuned cost falls to $0 or below (not drawn on the log scale) from "
             f"{tokens(float(x[:n][hidden][0]))} tokens/day." if hidden.any() else "")
    where = (f"crosses the fine-tuned cost with the project amortised at "
             f"{tokens(break_even[0])} tokens/day"
             if break_even is not None else "never crosses the fine-tuned cost")
    alt = (f"Line chart of monthly cost against daily tokens from {tokens(low)} to "
           f"{tokens(high)}: the API bill {where}, and today's volume is "
           f"{tokens(today[0])} tokens/day.")
    data: dict[str, Any] = {"log_x": log_x, "log_y": log_y, "fleet_resized": resized,
                            "ft_today_fleet": None}
    data.update({k: _pairs(x[:n], v) for k, v in lines.items()})
    data.update(break_even=break_even, today=today, today_ft=(today[0], float(ft[n])))
    return render(fig, title=title,
                  subtitle="Monthly cost against daily tokens, API against fine-tuned",
                  caption=_caption(a, resized) + below, alt_text=alt, data=data)


def _draw_lines(ax: Axes, x: np.ndarray, lines: dict[str, np.ndarray], a: Analysis) -> None:
    running = "Fine-tuned: serving + storage + upkeep + review"
    resized = "ft_today_fleet" in lines
    ax.plot(x, lines["api"], color=API, linewidth=3, label="API bill", zorder=5)
    ax.plot(x, lines["ft"], color=FT, linewidth=3,
            label=running + (", fleet re-sized" if resized else ""), zorder=4)
    ax.plot(x, lines["ft_with_project"], color=FT_PROJECT, linewidth=2.5,
            linestyle=(0, (6, 3)), zorder=3,
            label=f"Fine-tuned + project amortised over "
                  f"{quantity(a.project.lifetime_months)} months")
    if resized:
        fleet = a.serving.num_instances
        noun = "instance" if fleet == 1 else "instances"
        ax.plot(x, lines["ft_today_fleet"], color=FT, linewidth=1.8, linestyle=(0, (1, 2)),
                zorder=3, label=f"Same, today's {count(fleet)} {noun} held (the break-even's "
                                "fleet)")


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
    return [(float(u), float(v)) for u, v in zip(xs.tolist(), ys.tolist(), strict=True)]
