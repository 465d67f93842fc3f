"""What-if changes in plain words: "what if we use an H100 and 2x the volume?".

Each part of the sentence (cut at commas, "and", "with", "on") is one change: a key and a
value ("lifetime 24 months", "2 instances", "review rate 3%"), a factor on a number
("volume x2", "2x the volume", "double the volume", "volume +50%"), or a value that names
its own field ("h100", "spot", "int4", "13b lora", "claude 3 haiku"). "review rate" alone is
the fine-tuned model's (the API's is "api review rate"). Choosing a catalog GPU or API model
also resets a typed price to the catalog's; those changes come back too, with their echo.
Any part that is not understood fails the whole request with a :class:`ParseError` that
quotes it and lists the accepted changes.

>>> [(c.path, c.op, c.value) for c in parse_whatif("what if we use an H100 and 2x the volume?")]
... # doctest: +NORMALIZE_WHITESPACE
[('model.gpu', 'set', 'h100'), ('model.gpus_per_instance', 'set', None),
 ('model.instance_usd_per_hour', 'set', None),
 ('model.throughput_tokens_per_s_per_instance', 'set', None),
 ('workload.requests_per_day', 'scale', 2.0)]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.dialogue.accepted_changes import ACCEPTED_CHANGES
from bot.dialogue.parse_clauses import split_clauses
from bot.dialogue.parse_fields import FieldSpec, Kind, read_field
from bot.dialogue.parse_names import choice_label
from bot.dialogue.parse_text import (
    NUMBER,
    ParseError,
    clean,
    number_value,
    quote,
    show_number,
    strip_fillers,
    usd,
)
from engine.models import PHASES

__all__ = ["ACCEPTED_CHANGES", "Change", "parse_whatif"]


@dataclass(frozen=True)
class Change:
    """Set the input at ``path`` to ``value``, or (``op="scale"``) multiply it by ``value``."""

    path: str
    op: Literal["set", "scale"]
    value: object
    echo: str


_HOURS = "project.engineer_hours"


def _t(path: str, label: str, kind: Kind, unit: str | None, *keys: str) -> FieldSpec:
    return FieldSpec(path, label, kind, unit, keys)


_TARGETS = (
    _t("workload.requests_per_day", "requests/day", "count", "requests/day", "volume",
       "traffic", "requests", "request volume", "requests/day", "requests per day", "load"),
    _t("workload.avg_input_tokens_per_request", "input tokens/request", "count",
       "tokens/request", "input tokens", "input", "prompt tokens", "prompt", "input size"),
    _t("workload.avg_output_tokens_per_request", "output tokens/request", "count",
       "tokens/request", "output tokens", "output", "completion tokens", "output size"),
    _t("workload.monthly_growth_rate", "monthly growth", "rate", "fraction/month", "growth",
       "monthly growth", "growth rate"),
    _t("api.model", "API model", "api_model", None, "api", "api model"),
    _t("api.input_usd_per_1m_tokens", "API input price", "money", "USD/1M tokens",
       "input price", "api input price"),
    _t("api.output_usd_per_1m_tokens", "API output price", "money", "USD/1M tokens",
       "output price", "api output price"),
    _t("model.gpu", "GPU", "gpu", None, "gpu", "gpus", "on", "hardware"),
    _t("model.num_instances", "instances", "instances", None, "instances", "instance",
       "instance count", "replicas", "servers"),
    _t("model.instance_usd_per_hour", "instance price", "money", "USD/hour", "instance price",
       "gpu price", "instance cost", "gpu cost"),
    _t("model.model_size_b", "model", "ft_model", None, "model", "model size", "size"),
    _t("model.method", "method", "method", None, "method"),
    _t("model.pricing", "pricing", "pricing", None, "pricing"),
    _t("model.quantisation", "quantisation", "quantisation", None, "quantisation",
       "quantization", "quant", "precision"),
    _t("model.engine", "engine", "engine", None, "engine", "serving engine"),
    _t("model.target_utilisation", "target utilisation", "rate", "fraction", "utilisation",
       "utilization", "target utilisation", "target utilization"),
    _t("quality.human_review_rate_ft", "review rate (fine-tuned)", "rate", "fraction",
       "review rate", "ft review rate", "fine-tuned review rate", "review rate ft"),
    _t("quality.human_review_rate_api", "review rate (API)", "rate", "fraction",
       "api review rate", "review rate api"),
    _t("quality.cost_per_review_usd", "cost per review", "money", "USD/review", "review cost",
       "cost per review", "per review"),
    _t("project.model_lifetime_months", "model lifetime", "duration", "months", "lifetime",
       "model lifetime"),
    _t("project.engineer_usd_per_hour", "engineer rate", "money", "USD/hour", "rate",
       "engineer rate", "hourly rate", "engineering rate"),
    _t("project.num_training_runs", "training runs", "integer", "runs", "runs",
       "training runs"),
    _t("project.compute_usd_per_run", "compute per run", "money", "USD/run", "compute",
       "compute per run", "cost per run", "per run"),
    _t(_HOURS, "engineering hours", "count", "hours", "engineering hours", "engineer hours",
       "hours"),
)
_SCALABLE = ("count", "money", "duration", "rate")
_IMPLIED = {
    "model.gpus_per_instance": "GPUs per instance: as many as the model needs",
    "model.instance_usd_per_hour": "instance price: the catalog's",
    "model.throughput_tokens_per_s_per_instance": "throughput: the catalog's",
    "api.input_usd_per_1m_tokens": "API input price: the catalog's",
    "api.output_usd_per_1m_tokens": "API output price: the catalog's",
}
_SECONDARY: dict[str, Callable[[object], str]] = {  # values a reading sets beside its own
    "model.method": lambda v: f"method: {choice_label(str(v))}",
    "model.gpus_per_instance": lambda v: f"GPUs per instance: {v}",
    "model.instance_usd_per_hour": lambda v: f"instance price: {usd(float(str(v)))}/hour",
}
_N = rf"(?P<n>{NUMBER})"
_WORD_FACTORS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "quadruple": 4.0, "halve": 0.5,
                 "half": 0.5, "doubles": 2.0, "doubled": 2.0, "triples": 3.0, "tripled": 3.0,
                 "halves": 0.5, "halved": 0.5}
_FACTOR_WORDS = "|".join(_WORD_FACTORS)
_PHRASE_SCALES = [
    re.compile(rf"^(?P<w>{_FACTOR_WORDS})(?: the)? (?P<key>.+)$"),
    re.compile(rf"^(?P<key>.+?) (?:is |gets )?(?P<w>{_FACTOR_WORDS})$"),
    re.compile(rf"^{_N} ?(?:x|×|times) (?:the |our |more )?(?P<key>.+)$"),
    re.compile(rf"^{_N} ?% (?P<dir>more|less|fewer|higher|lower|bigger|smaller) (?P<key>.+)$"),
]
_VALUE_SCALES = [
    re.compile(rf"^(?:x|×|\*|times) ?{_N}$"),
    re.compile(rf"^{_N} ?(?:x|×|times)$"),
    re.compile(rf"^(?P<sign>[+-]) ?{_N} ?%$"),
    re.compile(rf"^(?P<dir>up|down|more|less|higher|lower) (?:by )?{_N} ?%$"),
    re.compile(rf"^(?:by )?{_N} ?% (?P<dir>up|down|more|less|higher|lower)$"),
]
# Values that name their own field, and when a bare part may be read as one.
_BARE: dict[str, Callable[[str], bool]] = {
    "pricing": lambda p: True,
    "quantisation": lambda p: True,
    "engine": lambda p: True,
    "method": lambda p: True,
    "instances": lambda p: re.search(r"auto|size|decide|choose|pick|many", p) is not None,
    "gpu": lambda p: True,
    "ft_model": lambda p: re.search(r"[0-9] ?(?:b|bn|billion)\b", p) is not None,
    "api_model": lambda p: re.search(r"[a-z]", p) is not None,
}
_LEAD = re.compile(
    r"^(?:(?:and |so )?(?:what|how) (?:if|about)|suppose|imagine|if|let'?s|lets|we|i|they"
    r"|(?:should|could|would) we|use|used|using|switch(?:ed)? to|move(?:d)? to|go(?:ne)? with"
    r"|went with|went|go|going|switch|move|change|swap|try|tried|pick|picked|choose|chose|had"
    r"|have|get|got|the|an?|instead of)\b\s*",
    re.IGNORECASE,
)


def parse_whatif(text: str) -> list[Change]:
    """The changes ``text`` asks for; raises :class:`ParseError` if any part is not understood."""
    cleaned = re.sub(r"\s+(?:with|on)\s+", ", ", clean(text, limit=500, lower=False),
                     flags=re.IGNORECASE)
    parts = [_trim(p) for p in split_clauses(cleaned)]
    parts = [p for p in parts if p]
    if not parts:
        raise ParseError(f"no change in {quote(text)}; accepted changes: {ACCEPTED_CHANGES}")
    changes: list[tuple[Change, bool]] = []
    unread: list[str] = []
    for part in parts:
        try:
            changes.extend(_read_part(part))
        except ParseError as e:
            unread.append(str(e))
    if unread:
        raise ParseError("; ".join(unread) + f" — accepted changes: {ACCEPTED_CHANGES}")
    return _merge(changes, text)


def _trim(part: str) -> str:
    previous = None
    while previous != part:
        previous = part
        part = strip_fillers(_LEAD.sub("", part))
        part = re.sub(r"\s+(?:instead|then|please|too|as well)$", "", part,
                      flags=re.IGNORECASE).strip()
    return part


def _read_part(part: str) -> list[tuple[Change, bool]]:
    """The changes one part asks for, each with whether it is implied by another."""
    for pattern in _PHRASE_SCALES:
        m = pattern.match(part.lower())
        if m:
            target = _target_named(m["key"])
            if target is not None:
                return _scale(target, _factor(m, part), part)
    errors: list[str] = []
    for _key, target, value in _keyed(part):
        try:
            return _changes_for(target, value, part)
        except ParseError as e:
            errors.append(str(e))
    for kind in _BARE:
        if not _BARE[kind](part.lower()):
            continue
        target = next(t for t in _TARGETS if t.kind == kind)
        try:
            return _changes_for(target, part, part)
        except ParseError:
            continue
    raise ParseError(errors[0] if errors else f"could not read {quote(part)}")


def _keyed(part: str) -> list[tuple[str, FieldSpec, str]]:
    """(key, target, the rest) for every key that starts or ends ``part``, longest first."""
    lower = part.lower()
    if len(lower) != len(part):
        part = lower
    found = []
    for target in _TARGETS:
        for key in target.cues:
            if lower.startswith(key + " ") or lower.startswith(key + "="):
                found.append((key, target, part[len(key):].strip(" =:")))
            elif lower.endswith(" " + key):
                found.append((key, target, part[: -len(key)].strip()))
    return sorted(found, key=lambda f: len(f[0]), reverse=True)


def _target_named(words: str) -> FieldSpec | None:
    words = re.sub(r"^(?:the|our|my) ", "", words)
    return next((t for t in _TARGETS if words in t.cues), None)


def _changes_for(target: FieldSpec, value: str, part: str) -> list[tuple[Change, bool]]:
    for pattern in _VALUE_SCALES:
        m = pattern.match(value.lower())
        if m:
            return _scale(target, _factor(m, part), part)
    if target.path == _HOURS:
        raise ParseError(f"{quote(part)}: engineering hours change by a factor, e.g. "
                         "'engineering hours x1.5'")
    reading = read_field(value, target)
    changes = [(Change(target.path, "set", reading.values[target.path], reading.echo), False)]
    for path, v in reading.values.items():
        if path != target.path:
            changes.append((Change(path, "set", v, _SECONDARY[path](v)), False))
    for path, v in reading.implied.items():
        if path not in reading.values:
            changes.append((Change(path, "set", v, _IMPLIED[path]), True))
    return changes


def _factor(m: re.Match[str], part: str) -> float:
    groups = m.groupdict()
    if groups.get("w"):
        return _WORD_FACTORS[groups["w"]]
    n = number_value(groups["n"], None, part)
    down = groups.get("sign") == "-" or groups.get("dir") in ("less", "fewer", "lower",
                                                              "down", "smaller")
    if "%" in m.group(0):
        n = 1 - n / 100 if down else 1 + n / 100
    if not n >= 0:
        raise ParseError(f"{quote(part)} would make it negative")
    return n + 0.0


def _scale(target: FieldSpec, factor: float, part: str) -> list[tuple[Change, bool]]:
    if target.kind not in _SCALABLE:
        raise ParseError(f"{quote(part)}: {target.label} is not a number to multiply; set it "
                         f"instead, e.g. '{target.cues[0]} …'")
    echo = f"{target.label}: ×{show_number(factor)}"
    if target.path != _HOURS:
        return [(Change(target.path, "scale", factor, echo), False)]
    return [(Change(f"{_HOURS}.{phase}", "scale", factor,
                    f"{label} hours: ×{show_number(factor)}"), False)
            for phase, (label, _, _) in PHASES.items()]


def _merge(changes: list[tuple[Change, bool]], text: str) -> list[Change]:
    """One change per path: typed values beat implied ones; two typed values are an error."""
    typed = {c.path for c, implied in changes if not implied}
    merged: dict[str, Change] = {}
    for c, implied in changes:
        if implied and c.path in typed:
            continue
        before = merged.get(c.path)
        if before is not None and (before.op, before.value) != (c.op, c.value):
            raise ParseError(f"{quote(text)} changes {c.path} twice ({before.echo}; {c.echo}); "
                             "keep one")
        merged[c.path] = c
    return list(merged.values())

