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
from decimal import Decimal
from typing import Any

from bot.dialogue.parse import FieldSpec, format_count, format_money
from bot.dialogue.parse_names import CHOICES, choice_label, gpu_label
from bot.dialogue.replies import FieldValue, Origin
from bot.dialogue.state import Scalar
from bot.dialogue.steps import Step, field_of
from engine.figures import count, percent, quantity, unit_usd, usd
from engine.models import Scenario
from engine.resolve import Resolved

__all__ = ["default_name", "describe", "edit_text", "field_values", "show", "value_at",
           "with_unit"]

_PER_UNIT_PRICE = ("/hour", "/1M tokens")


def value_at(scenario: Scenario, path: str) -> Any:
    """The input at a dotted path, whatever its type."""
    node: Any = scenario
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _plain(value: float) -> str:
    """A number written in full (no exponent, no trailing zeros): reads back exactly."""
    return format(Decimal(repr(float(value))).normalize(), "f")


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


def _left_to_engine(path: str, resolved: Resolved | None) -> str:
    """A ``None`` input: what the engine uses instead."""
    r = resolved
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
    if path in ("workload.peak_hours_per_day", "workload.off_peak_traffic_share"):
        return "none (the fleet serves 24/7)"
    return "—"


def with_unit(spec: FieldSpec, value: Any) -> str:
    """A value of ``spec`` with its unit: '50,000 requests/day', '$1.03/hour', '2%'."""
    kind, unit = spec.kind, spec.unit or ""
    if kind in ("count", "integer"):
        if unit == "requests/day":
            return f"{count(value)} requests/day"
        if unit == "tokens/second":
            return f"{quantity(value)} tokens/s"
        return f"{count(value) if kind == 'integer' else quantity(value)} {unit}".strip()
    if kind == "money":
        per = unit.removeprefix("USD")
        return (unit_usd(value) if per in _PER_UNIT_PRICE else usd(value)) + per
    if kind == "rate":
        return percent(value) + ("/month" if unit == "fraction/month" else "")
    if kind == "duration":
        return f"{quantity(value)} {unit}"
    if kind == "ft_model":
        return f"{quantity(value)}B"
    if kind == "instances":
        return count(value)
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "gpu":
        return gpu_label(value)
    if kind in CHOICES:
        return choice_label(value)
    return str(value)


def show(spec: FieldSpec, scenario: Scenario, resolved: Resolved | None) -> str:
    """The field's value with its unit (or what the engine uses for an unset one)."""
    if spec.path == "model.gpu":
        return _gpu(scenario, resolved)
    value = value_at(scenario, spec.path)
    if value is None:
        return _left_to_engine(spec.path, resolved)
    return with_unit(spec, value)


def edit_text(spec: FieldSpec, scenario: Scenario) -> str:
    """Text the parser reads back as the field's current value ('' when it is ``None``)."""
    value = value_at(scenario, spec.path)
    kind, unit = spec.kind, spec.unit or ""
    if spec.path == "model.gpu":
        m = scenario.model
        if value == "custom":
            return f"{format_money(m.instance_usd_per_hour or 0.0, 'USD/hour')} custom gpu"
        return f"{m.gpus_per_instance}x {gpu_label(value)}" if m.gpus_per_instance \
            else gpu_label(value)
    if value is None:
        return "auto" if kind == "instances" else ""
    if kind in ("count", "integer"):
        return format_count(float(value))
    if kind == "money":
        return format_money(float(value), unit)
    if kind == "rate":
        return _plain(float(Decimal(repr(float(value))) * 100)) + "%"
    if kind == "duration":
        return f"{_plain(value)} {unit}"
    if kind == "ft_model":
        return f"{_plain(value)}b"
    if kind == "instances":
        return str(value)
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "gpu":
        return gpu_label(value)
    if kind in CHOICES:
        return CHOICES[kind][value][0]
    return str(value)


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
        FieldValue(path=f.path, label=f.label, kind=f.kind, text=show(f, scenario, resolved),
                   origin=_origin(f, step, draft, editing=editing),
                   edit_text=edit_text(f, scenario))
        for f in step.fields
    )


def _origin(spec: FieldSpec, step: Step, draft: Mapping[str, Scalar], *,
            editing: bool) -> Origin:
    """Typed in this intake, or not. A ``None`` in the draft leaves the value to the engine
    (a catalog price once a GPU is chosen): a default, except "size it for me", a choice."""
    if spec.path in draft:
        return "typed" if draft[spec.path] is not None or spec.kind == "instances" \
            else "default"
    if any(owner == spec.path and p in draft for p, owner in step.owned.items()):
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
