"""One field of a dialogue step, and reading one typed value into it.

A step is a list of :class:`FieldSpec`. ``kind`` picks the parser, ``unit`` is the field's
unit (what the parser converts to and checks typed unit words against), ``cues`` are words
that tie a number in a sentence to this field ("in", "input", "prompt").

>>> spec = FieldSpec("project.engineer_usd_per_hour", "engineer rate", "money", "USD/hour")
>>> read_field("$3,600/month", spec).echo
'engineer rate: $5/hour (from $3,600/month at 720 h/month)'
>>> read_field("2x a10g", FieldSpec("model.gpu", "GPU", "gpu")).values
{'model.gpu': 'a10g', 'model.gpus_per_instance': 2}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from bot.dialogue.parse_money import read_money
from bot.dialogue.parse_names import (
    CHOICES,
    choice_label,
    parse_api_model,
    parse_choice,
    parse_ft_model,
    parse_gpu,
    parse_instances,
)
from bot.dialogue.parse_quantity import (
    TIME_WORDS,
    parse_integer,
    parse_rate,
    read_count,
    read_duration,
)
from bot.dialogue.parse_text import ParseError, quote, show_money, show_number, show_percent

__all__ = ["KINDS", "FieldSpec", "Kind", "Reading", "example", "read_field"]

Kind = Literal["count", "integer", "money", "rate", "duration", "gpu", "api_model", "ft_model",
               "level", "bool", "pricing", "engine", "quantisation", "method", "instances"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class FieldSpec:
    """A field a step asks for.

    ``path``: the scenario input, dotted (``workload.requests_per_day``). ``label``: how the
    echo names it ("requests/day"); for counts put the unit in the label, other kinds print
    their own. ``unit``: ``requests/day``, ``tokens/request``, ``runs`` (count, integer);
    ``USD/hour``, ``USD/month``, ``USD/1M tokens``, ``USD/review``, ``USD/run``, ``USD``
    (money); ``fraction`` or ``fraction/month`` (rate; the latter signed, for growth);
    ``months``, ``ms``, ``hours`` (duration). ``cues``: lower-case words or phrases.
    """

    path: str
    label: str
    kind: Kind
    unit: str | None = None
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What one typed value means: values by path, one echo line, and implied values.

    ``implied`` are the values a choice carries unless typed otherwise: a catalog GPU
    means its catalog price and throughput and as many GPUs per instance as the model
    needs; a catalog API model means its catalog prices.
    """

    values: dict[str, object]
    echo: str
    implied: dict[str, object] = field(default_factory=dict)


def _with_note(text: str, note: str) -> str:
    return f"{text} ({note})" if note else text


def read_field(text: str, spec: FieldSpec) -> Reading:
    """Read ``text`` as a value of ``spec``; raises :class:`ParseError` when it cannot."""
    kind, path, label = spec.kind, spec.path, spec.label
    if kind == "count":
        value, note = read_count(text, unit=spec.unit)
        return Reading({path: value}, _with_note(f"{label}: {show_number(value)}", note))
    if kind == "integer":
        whole = parse_integer(text, unit=spec.unit)
        return Reading({path: whole}, f"{label}: {whole:,}")
    if kind == "money":
        unit = spec.unit or "USD"
        amount, note = read_money(text, unit=unit)
        return Reading({path: amount}, _with_note(f"{label}: {show_money(amount, unit)}", note))
    if kind == "rate":
        rate = parse_rate(text, unit=spec.unit or "fraction")
        per = "/month" if spec.unit == "fraction/month" else ""
        return Reading({path: rate}, f"{label}: {show_percent(rate)}{per}")
    if kind == "duration":
        unit = spec.unit or "months"
        length, note = read_duration(text, unit=unit)
        return Reading({path: length}, _with_note(f"{label}: {show_number(length)} {unit}", note))
    if kind == "gpu":
        return _read_gpu(text, spec)
    if kind == "api_model":
        model = parse_api_model(text)
        implied: dict[str, object] = {}
        if path == "api.model":
            implied = {"api.input_usd_per_1m_tokens": None, "api.output_usd_per_1m_tokens": None}
        return Reading({path: model}, f"{label}: {model} (catalog prices)", implied)
    if kind == "ft_model":
        choice = parse_ft_model(text)
        values: dict[str, object] = {path: choice.size_b}
        if choice.method:
            values[path.rpartition(".")[0] + ".method" if "." in path else "method"] = (
                choice.method
            )
        return Reading(values, f"{label}: {choice.label}")
    if kind == "instances":
        count = parse_instances(text)
        shown = "size it for me (from throughput and target utilisation)" if count is None \
            else f"{count:,}"
        return Reading({path: count}, f"{label}: {shown}")
    if kind == "bool":
        yes = parse_choice(text, "bool") == "yes"
        return Reading({path: yes}, f"{label}: {'yes' if yes else 'no'}")
    if kind in CHOICES:
        word = parse_choice(text, kind)
        return Reading({path: word}, f"{label}: {choice_label(word)}")
    raise ValueError(f"unknown field kind {kind!r}; known: {', '.join(KINDS)}")


def _read_gpu(text: str, spec: FieldSpec) -> Reading:
    choice = parse_gpu(text)
    if spec.path != "model.gpu":
        if choice.count or choice.gpu == "custom":
            raise ParseError(f"{quote(text)}: {spec.label} is one GPU from the catalog, "
                             "e.g. 'a10g', 'h100', 'A100 80GB'")
        return Reading({spec.path: choice.gpu}, f"{spec.label}: {choice.label}")
    values: dict[str, object] = {"model.gpu": choice.gpu}
    implied: dict[str, object] = {"model.gpus_per_instance": None}
    if choice.gpu == "custom":
        values["model.instance_usd_per_hour"] = choice.usd_per_hour
        return Reading(values, f"{spec.label}: {choice.label}", implied)
    implied.update({"model.instance_usd_per_hour": None,
                    "model.throughput_tokens_per_s_per_instance": None})
    if choice.count:
        values["model.gpus_per_instance"] = choice.count
        echo = f"{spec.label}: {choice.label} ({choice.count} GPUs in one instance)"
    else:
        echo = f"{spec.label}: {choice.label} (as many per instance as the model needs)"
    return Reading(values, echo, implied)


_DURATION_EXAMPLES = {"ms": "500 ms", "second": "30 seconds", "minute": "15 minutes",
                      "hour": "10 hours", "day": "30 days", "week": "4 weeks",
                      "month": "18 months", "year": "2 years"}


def _duration_example(unit: str) -> str:
    """An example in the field's own unit: a latency is not '18 months'."""
    time = next((key for key, words in TIME_WORDS.items() if unit in words), "month")
    return f"'{_DURATION_EXAMPLES[time]}'"


def example(spec: FieldSpec) -> str:
    """One short example answer for ``spec``, to show in a message; it reads as that field.

    >>> example(FieldSpec("quality.latency_requirement_ms", "latency", "duration", "ms"))
    "'500 ms'"
    """
    cue = f" {spec.cues[0]}" if spec.cues else ""
    if spec.kind in ("count", "integer"):
        if spec.unit == "requests/day":
            return "'80k requests a day'"
        return f"'600{cue}'"
    by_kind = {
        "money": {"USD/hour": "'$1.03/hr'", "USD/month": "'$742/month'",
                  "USD/1M tokens": f"'$2.50/1M{cue}'"}.get(spec.unit or "", f"'$5{cue}'"),
        "rate": f"'3%{cue}'", "duration": _duration_example(spec.unit or "months"),
        "gpu": "'2x a10g'" if spec.path == "model.gpu" else "'a100 80gb'",
        "api_model": "'gpt-4o'", "ft_model": "'7b qlora'", "instances": "'2' or 'auto'",
        "bool": "'yes' or 'no'",
    }
    if spec.kind in by_kind:
        return by_kind[spec.kind]
    return " or ".join(f"'{words[0]}'" for words in CHOICES[spec.kind].values())
