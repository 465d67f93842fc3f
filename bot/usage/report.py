"""A measurement in the report: provenance on the assumptions, and the JSON ``usage`` object.

The engine prices one API model at full input prices; what the usage shows beyond that (the
model mix, the cached input, the batch share) is listed as measured but not priced, so the
reader knows which way the API bill may be off.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Collection
from typing import Any

from bot.usage.apply import (
    API_MODEL,
    GROWTH_PATH,
    INPUT,
    OFF_PEAK,
    OUTPUT,
    PEAK,
    REQUESTS,
    Measured,
    scenario_values,
)
from engine.analysis import Analysis
from engine.figures import percent
from engine.provenance import Assumption

__all__ = ["annotate", "proposals", "usage_json", "usage_object"]

#: The engine's assumption names for the inputs a measurement sets.
_NAMES = {
    "Requests per day": REQUESTS,
    "Average input tokens": INPUT,
    "Average output tokens": OUTPUT,
}


def _mix(m: Measured, limit: int = 4) -> str:
    shares = list(m.figures.models.items())
    shown = [f"{model} {percent(share)}" for model, share in shares[:limit]]
    if len(shares) > limit:
        shown.append(f"{len(shares) - limit} more {percent(sum(s for _, s in shares[limit:]))}")
    return ", ".join(shown)


def _source(m: Measured, path: str) -> str:
    f = m.figures
    if path == m.given:
        return "you (the export counts no requests)"
    if path in (REQUESTS, INPUT, OUTPUT):
        via = "; derived from the tokens a day and the value you gave" if m.given else ""
        return f"{m.provenance} ({m.window}){via}"
    if path == GROWTH_PATH and f.growth is not None:
        g = f.growth
        clipped = ", clipped to the input's −50% to +100%" if g.clipped else ""
        return (f"{m.provenance}: trend fitted on daily {g.fitted_on}, {g.days} days "
                f"{g.first_day} to {g.last_day}, weekday pattern removed; 90% range "
                f"{percent(g.low)} to {percent(g.high)}{clipped}")
    return f"{m.provenance}: the average day ({m.window.removeprefix('mean of ')}) by UTC " \
           "hour; peak hours carry at least half the busiest hour's traffic"


def annotate(analysis: Analysis, m: Measured, applied: Collection[str]) -> Analysis:
    """The analysis with measured values' sources, and what was measured but not priced."""
    out: list[Assumption] = []
    for a in analysis.assumptions:
        path = _NAMES.get(a.name)
        if path is not None and (path in applied or path == m.given):
            a = a.model_copy(update={"source": _source(m, path)})
        out.append(a)
        if a.name == "Average output tokens":
            out.extend(_measured_extras(analysis, m, applied))
    if not any(x.name == "Average output tokens" for x in analysis.assumptions):
        out.extend(_measured_extras(analysis, m, applied))
    return analysis.model_copy(update={"assumptions": out})


def _measured_extras(analysis: Analysis, m: Measured,
                     applied: Collection[str]) -> list[Assumption]:
    s, f = analysis.inputs, m.figures
    extra: list[Assumption] = []
    if GROWTH_PATH in applied:
        ranged = "; the scenario's growth range" if f"ranges.{GROWTH_PATH}" in applied else ""
        extra.append(Assumption(name="Monthly growth", value=s.workload.monthly_growth_rate,
                                unit="fraction", source=_source(m, GROWTH_PATH) + ranged))
    elif f.growth_note and GROWTH_PATH not in applied:
        extra.append(Assumption(name="Monthly growth", value=s.workload.monthly_growth_rate,
                                unit="fraction", source=f"not from {m.name}: {f.growth_note}"))
    if PEAK in applied:
        extra.append(Assumption(name="Peak hours per day", value=s.workload.peak_hours_per_day,
                                unit="hours", source=_source(m, PEAK)))
        extra.append(Assumption(name="Off-peak traffic share",
                                value=s.workload.off_peak_traffic_share, unit="fraction",
                                source=_source(m, OFF_PEAK)))
    priced = analysis.api_price.model or "your typed prices"
    if f.models:
        how = (f"the dominant model, {priced}, prices all of it: the engine prices one model"
               if API_MODEL in applied and len(f.models) > 1 else
               f"priced as {priced}" + (" (the dominant model)" if API_MODEL in applied
                                        else ""))
        extra.append(Assumption(name="API model mix", value=_mix(m), unit="",
                                source=f"{m.provenance}, share of tokens ({m.window}); {how}"))
    if f.cached_input_share is not None:
        extra.append(Assumption(
            name="Cached input share", value=f.cached_input_share, unit="fraction",
            source=f"{m.provenance}; not priced: the API bill prices all input at the full "
                   "input price, so with cached input it is an upper bound"))
    if f.batch_share is not None:
        extra.append(Assumption(
            name="Batch share", value=f.batch_share, unit="fraction",
            source=f"{m.provenance}, share of tokens; not priced: the batch discount is not "
                   "applied to the API bill"))
    notes = "; ".join(m.notes)
    extra.append(Assumption(name="Usage file", value=m.format, unit="",
                            source=f"{m.name}: {f.first_day} to {f.last_day}, {f.days} days "
                                   f"({f.whole_days} whole)" + (f"; {notes}" if notes else "")))
    return extra


def usage_object(m: Measured) -> dict[str, Any]:
    """The JSON ``usage`` object: the file's totals, the window, the mix and the growth."""
    f, g = m.figures, m.figures.growth
    return {
        "source": m.name, "format": m.format,
        "first_day": f.first_day.isoformat(), "last_day": f.last_day.isoformat(),
        "days": f.days, "whole_days": f.whole_days,
        "window_first_day": f.window_first_day.isoformat(),
        "window_last_day": f.window_last_day.isoformat(), "window_days": f.window_days,
        "requests": f.requests, "input_tokens": f.input_tokens,
        "output_tokens": f.output_tokens, "cached_input_tokens": f.cached_input_tokens,
        "cached_input_share": f.cached_input_share, "batch_share": f.batch_share,
        "models": f.models, "dominant_model": f.dominant_model,
        "growth_low": g.low if g else None, "growth_high": g.high if g else None,
        "growth_note": f.growth_note,
        "requests_given": m.given is not None,
        "notes": list(m.notes),
    }


def usage_json(analysis: Analysis, m: Measured) -> str:
    """``ftroi roi --json`` with a measurement: the analysis and a top-level ``usage``."""
    document = json.loads(analysis.model_dump_json())
    document["usage"] = usage_object(m)
    return json.dumps(document, indent=2) + "\n"


def proposals(m: Measured, *, width: int | None = 94
              ) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """What a conversation offers from the measurement: (step, values, why) for the workload
    step and the API step, each value set only where it was measured; the why lines wrapped
    at ``width`` for a terminal (None: one line each, as Slack wraps them itself)."""
    values = scenario_values(m)
    f = m.figures
    if m.given == REQUESTS:  # the person's own value, which the others were derived with
        values[REQUESTS] = f.requests_per_day
    elif m.given == INPUT:
        values[INPUT] = f.avg_input_tokens_per_request
    workload = {p: v for p, v in values.items() if p.startswith("workload.")}
    why = [f"Read from {m.name} ({m.format}), {f.first_day} to {f.last_day}:",
           f"  requests and tokens: {m.window}"
           + ("; the requests come from the value you gave" if m.given else "")]
    if f.growth is not None:
        g = f.growth
        why.append(f"  growth: trend of daily {g.fitted_on} over {g.days} days, weekday "
                   f"pattern removed; 90% range {percent(g.low)} to {percent(g.high)}")
    elif f.growth_note:
        why.append(f"  {f.growth_note}")
    if f.peak_hours_per_day is not None:
        why.append("  traffic shape: the average day by UTC hour; peak hours carry at least "
                   "half the busiest hour's traffic")
    why += [f"  {note}" for note in m.notes]
    out = [("workload", workload, _wrapped(why, width))]
    if API_MODEL in values:
        mix = (f"the dominant model of {m.name} ({_mix(m)} of tokens)" +
               ("; the mix is priced as this one model" if len(f.models) > 1 else ""))
        out.append(("api", {API_MODEL: values[API_MODEL]}, _wrapped([mix], width)))
    return out


def _wrapped(lines: list[str], width: int | None) -> tuple[str, ...]:
    """Echo lines short enough for a terminal, continuations indented under their line."""
    if width is None:
        return tuple(line.strip() for line in lines)
    out: list[str] = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        out += textwrap.wrap(line, width=width, subsequent_indent=indent) or [""]
    return tuple(out)
