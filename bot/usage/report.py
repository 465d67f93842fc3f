"""A measurement in a conversation and in ``ftroi roi --json``: what a conversation offers
from it, and the JSON ``usage`` object. The provenance on an analysis's assumptions is the
engine's (``engine.measurement``): the measurement is part of the scenario."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from bot.usage.apply import (
    API_MODEL,
    INPUT,
    REQUESTS,
    Measured,
    scenario_values,
)
from engine.analysis import Analysis
from engine.figures import percent

__all__ = ["proposals", "usage_json", "usage_object"]


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
        mix = (f"the dominant model of {m.name} ({m.whole.model_mix()} of tokens)" +
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
