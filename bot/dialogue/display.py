"""Values as a step shows them, with units, and as the Edit… modal prefills them.

Every figure goes through :mod:`engine.figures` (the one rounding rule). A value left to
the engine (``None``: catalog price, sized fleet, estimated compute) is shown as the figure
the engine will use, with where it comes from, so the person sees the number, not a blank.

>>> from datetime import date
>>> from engine.resolve import resolve
>>> s = Scenario()
>>> r = resolve(s, at=date(2026, 11, 24))
>>> show(field_of("workload.requests_per_day"), s, r), show(field_of("model.gpu"), s, r)
('50,000 requests/day', 'A10G (1 per instance, as the model needs)')
>>> show(field_of("api.input_usd_per_1m_tokens"), s, r)
'$2.50/1M tokens (catalog, 2026-11-24)'
>>> edit_text(field_of("quality.human_review_rate_api"), s), default_name(s)
('2%', 'gpt-4o vs 7B LoRA on A10G')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue.parse import FieldSpec, format_money, value_at
from bot.dialogue.parse.gpus import gpu_label
from bot.dialogue.parse.names import choice_label
from bot.dialogue.replies import FieldValue, Origin
from bot.dialogue.state import Scalar
from bot.dialogue.steps import Step, field_of
from engine.figures import count, quantity, unit_usd, usd
from engine.models import Scenario
from engine.resolve import Resolved

__all__ = ["default_name", "describe", "edit_text", "field_values", "show", "value_at",
           "with_unit"]

_PER_UNIT_PRICE = ("/hour", "/1M tokens")


def _gpu(scenario: Scenario, resolved: Resolved | None) -> str:
    m = scenario.model
    if m.gpu == "custom":
        price = f" at {unit_usd(m.instance_usd_per_hour)}/hour" \
            if m.instance_usd_per_hour is not None else ""
        return f"custom GPU instance{price}"
    if m.gpus_per_instance:
        return f"{m.gpus_per_instance}× {gpu_label(m.gpu)}"
    if resolved is None:
        return f"{gpu_label(m.gpu)} (as many per instance as the model needs)"
    return f"{gpu_label(m.gpu)} ({resolved.serving.gpus_per_instance} per instance, as the " \
           "model needs)"


def _left_to_engine(spec: FieldSpec, resolved: Resolved | None) -> str:
    """A ``None`` input: what the engine uses instead (its figure, once resolved)."""
    r, path = resolved, spec.path
    if path in ("api.input_usd_per_1m_tokens", "api.output_usd_per_1m_tokens"):
        if r is None:
            return "from the catalog"
        price = r.api.input_usd_per_1m_tokens if "input" in path else \
            r.api.output_usd_per_1m_tokens
        return f"{unit_usd(price)}/1M tokens (catalog, {r.api.date or 'undated'})"
    if path == "model.instance_usd_per_hour":
        if r is None:
            return "from the catalog"
        return f"{unit_usd(r.serving.instance_usd_per_hour)}/hour (catalog, " \
               f"{r.serving.instance_price_date or 'undated'})"
    if path == "model.num_instances":
        sized = f": {count(r.serving.num_instances)} today" if r else ""
        return f"size it for me{sized}"
    if path == "model.throughput_tokens_per_s_per_instance":
        if r is None:
            return "estimated for the GPU and the workload"
        how = {"measured": "measured", "seed_claim": "the source document's claim",
               "you": "yours"}.get(r.serving.throughput_basis, "estimated")
        return f"{quantity(r.serving.throughput_tokens_per_s_per_instance)} tokens/s ({how})"
    if path == "project.compute_usd_per_run":
        if r is None:
            return "estimated from the training plan"
        return f"{usd(r.compute_usd_per_run)}/run (estimated from the training plan)"
    return spec.empty or "—"


def with_unit(spec: FieldSpec, value: Any) -> str:
    """A value of ``spec`` with its unit: '50,000 requests/day', '$1.03/hour', '2%'."""
    return spec.kind.show(value)


def show(spec: FieldSpec, scenario: Scenario, resolved: Resolved | None) -> str:
    """The field's value with its unit (or what the engine uses for an unset one)."""
    if spec.path == "model.gpu":
        return _gpu(scenario, resolved)
    value = value_at(scenario, spec.path)
    if value is None:
        return _left_to_engine(spec, resolved)
    return spec.kind.show(value)


def edit_text(spec: FieldSpec, scenario: Scenario) -> str:
    """Text the parser reads back as the field's current value ('' when it is ``None``)."""
    value = value_at(scenario, spec.path)
    if spec.path == "model.gpu":
        m = scenario.model
        if value == "custom":
            return f"{format_money(m.instance_usd_per_hour or 0.0, 'USD/hour')} custom gpu"
        return f"{m.gpus_per_instance}x {gpu_label(value)}" if m.gpus_per_instance \
            else gpu_label(value)
    if value is None:
        return spec.kind.empty_word or ""
    return spec.kind.write(value)


def field_values(
    step: Step,
    scenario: Scenario,
    resolved: Resolved | None,
    draft: Mapping[str, Scalar],
    *,
    editing: bool,
) -> tuple[FieldValue, ...]:
    """The step's fields as shown, each marked typed, default or saved."""
    return tuple(
        FieldValue(path=f.path, label=f.label, kind=f.kind.name,
                   text=show(f, scenario, resolved),
                   origin=_origin(f, step, draft, editing=editing),
                   edit_text=edit_text(f, scenario), choices=_choices(f),
                   chosen=_chosen(f, scenario))
        for f in step.fields
    )


def _choices(spec: FieldSpec) -> tuple[tuple[str, str], ...]:
    """A select's options, for a field that is one of a fixed set; a field whose text also
    sets other inputs ("2x a10g": the GPUs per instance) is typed."""
    return () if spec.owns else spec.kind.choices()


def _chosen(spec: FieldSpec, scenario: Scenario) -> str | None:
    """The option value of a select field's current value (``yes``/``no`` for yes-or-no)."""
    if not _choices(spec):
        return None
    value = value_at(scenario, spec.path)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None if value is None else str(value)


def _origin(spec: FieldSpec, step: Step, draft: Mapping[str, Scalar], *,
            editing: bool) -> Origin:
    """Typed in this intake, or not. A ``None`` in the draft leaves the value to the engine
    (a catalog price once a GPU is chosen): a default, except "size it for me", a choice."""
    if spec.path in draft:
        return "typed" if draft[spec.path] is not None or spec.kind.empty_word is not None \
            else "default"
    if any(p in draft for p in (*spec.owns, *spec.kind.scaled(spec))):
        return "typed"
    return "saved" if editing else "default"


def default_name(scenario: Scenario) -> str:
    """A name that says what the scenario compares: 'gpt-4o vs 7B LoRA on A10G'."""
    m = scenario.model
    api = scenario.api.model or "custom API prices"
    gpu = "a custom GPU" if m.gpu == "custom" else (
        f"{m.gpus_per_instance}× " if m.gpus_per_instance else "") + gpu_label(m.gpu)
    return f"{api} vs {quantity(m.model_size_b)}B {choice_label(m.method)} on {gpu}"


def describe(values: Mapping[str, object], scenario: Scenario,
             resolved: Resolved | None) -> tuple[str, ...]:
    """Echo lines for values just applied (a preset, the Edit… modal), field by field."""
    lines: list[str] = []
    for path in values:
        try:
            spec = field_of(path)
        except KeyError:
            continue
        line = f"{spec.label}: {show(spec, scenario, resolved)}"
        if line not in lines:
            lines.append(line)
    return tuple(lines)
