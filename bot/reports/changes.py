"""What changed between two scenarios' inputs, as the intake shows each one.

:func:`changed_inputs` is what ``ftroi history`` says of each version and what a fork's or a
what-if's report says it changed; it needs the inputs and the catalogs they are priced by,
not an analysis.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.figures import quantity
from engine.models import Scenario
from engine.resolve import Resolved, resolve

__all__ = ["changed_inputs"]


def _value(scenario: Scenario, path: str, resolved: Resolved | None) -> str:
    """An input as the intake shows it, or plainly when the intake does not ask for it."""
    # The intake's fields, imported here: loading them (and the parsers behind them) would
    # cost every command that only wraps text or compares figures (`ftroi list`).
    from bot.dialogue.display import show
    from bot.dialogue.steps import field_of

    try:
        return show(field_of(path), scenario, resolved)
    except KeyError:
        value: object = scenario
        for part in path.split("."):
            value = getattr(value, part)
        if value is None:
            return "—"
        if isinstance(value, dict):
            return f"{len(value)} set"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return quantity(value) if isinstance(value, int | float) else str(value)


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key != "ranges":
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def changed_inputs(old: Scenario, new: Scenario, *, at: date,
                   resolved: tuple[Resolved, Resolved] | None = None) -> list[tuple[str, str]]:
    """(label, "old → new") for each input that differs, once per field of the intake; a
    value left to the catalogs is shown as the catalogs' figure as of ``at`` (or the
    scenario's own price date). ``resolved``: the two already priced so, if the caller has
    them (``engine.resolve.resolve(old, at=at)`` and the same of ``new``)."""
    from bot.dialogue.steps import field_of

    before_all, after_all = _flat(old.model_dump()), _flat(new.model_dump())
    if resolved is None:
        resolved = resolve(old, at=at), resolve(new, at=at)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path, was in before_all.items():
        if was == after_all[path]:
            continue
        try:
            spec = field_of(path)
            label, key = spec.label, spec.path
        except KeyError:
            label, key = path, path
        before, after = _value(old, key, resolved[0]), _value(new, key, resolved[1])
        if before == after and key != path:  # the field's text hides this input
            label, key = path, path
            before, after = _value(old, path, None), _value(new, path, None)
        if key not in seen:
            seen.add(key)
            out.append((label, f"{before} → {after}"))
    return out
