"""What-if changes in plain words: "what if we use an H100 and 2x the volume?".

Each part of the sentence (cut at commas, "and", "with", "on") is one change: a key and a
value ("lifetime 24 months", "2 instances", "review rate 3%"), a factor on a number
("volume x2", "2x the volume", "double the volume", "volume +50%"), or a value that names
its own field ("h100", "spot", "int4", "13b lora", "claude 3 haiku"). The targets are the
registry's fields, named by their words, label, title or name (the longest key wins);
a bare value goes to the first field, in the intake's order, whose kind it names; the
examples of :data:`ACCEPTED_CHANGES` are the fields' own. "review rate" alone is the
fine-tuned model's (the API's is "api review rate"). Values are read within their field's
bounds, and a factor must land within them too. Choosing a catalog GPU or API model
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
from dataclasses import dataclass
from typing import Literal

from bot.dialogue.parse.clauses import split_clauses
from bot.dialogue.parse.fields import FieldSpec, Reading, read_field
from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.registry import FIELDS, field
from bot.dialogue.parse.text import (
    NUMBER,
    ParseError,
    clean,
    number_value,
    quote,
    show_number,
    strip_fillers,
)

__all__ = ["ACCEPTED_CHANGES", "Change", "parse_whatif"]


@dataclass(frozen=True)
class Change:
    """Set the input at ``path`` to ``value``, or (``op="scale"``) multiply it by ``value``."""

    path: str
    op: Literal["set", "scale"]
    value: object
    echo: str


_FACTOR_FORMS = ("volume x2", "2x the volume", "double the volume", "volume +50%",
                 "on an H100", "2x a10g", "auto instances", "on-demand")


def _keys(spec: FieldSpec) -> tuple[str, ...]:
    """What names a field in a change: its synonyms, label, title and name."""
    names = (*spec.synonyms, spec.label.lower(), spec.title.lower(),
             spec.name.replace("_", " "))
    return tuple(dict.fromkeys(n for n in names if n))


_TARGETS = tuple((spec, _keys(spec)) for spec in FIELDS
                 if spec.step is not None or spec.path == "model.gpus_per_instance")
ACCEPTED_CHANGES = ", ".join(f"'{form}'" for form in (
    *_FACTOR_FORMS[:4], *(spec.change for spec, _ in _TARGETS if spec.change),
    *_FACTOR_FORMS[4:]))
"""Examples of every kind of change: the factors, then each field's own (the registry's)."""


_N = rf"(?P<n>{NUMBER})"
_WORD_FACTORS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "quadruple": 4.0, "halve": 0.5,
                 "half": 0.5, "doubles": 2.0, "doubled": 2.0, "triples": 3.0, "tripled": 3.0,
                 "halves": 0.5, "halved": 0.5}
_FACTOR_WORDS = "|".join(_WORD_FACTORS)
_PHRASE_SCALES = [
    lazy(rf"^(?P<w>{_FACTOR_WORDS})(?: the)? (?P<key>.+)$"),
    lazy(rf"^(?P<key>.+?) (?:is |gets )?(?P<w>{_FACTOR_WORDS})$"),
    lazy(rf"^{_N} ?(?:x|×|times) (?:the |our |more )?(?P<key>.+)$"),
    lazy(rf"^{_N} ?% (?P<dir>more|less|fewer|higher|lower|bigger|smaller) (?P<key>.+)$"),
]
_VALUE_SCALES = [
    lazy(rf"^(?:x|×|\*|times) ?{_N}$"),
    lazy(rf"^{_N} ?(?:x|×|times)$"),
    lazy(rf"^(?P<sign>[+-]) ?{_N} ?%$"),
    lazy(rf"^(?P<dir>up|down|more|less|higher|lower) (?:by )?{_N} ?%$"),
    lazy(rf"^(?:by )?{_N} ?% (?P<dir>up|down|more|less|higher|lower)$"),
]
_LEAD = lazy(
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
    for target, _ in _TARGETS:  # a value that names its own field, in the intake's order
        if not target.kind.names_itself(part.lower()):
            continue
        try:
            return _changes_for(target, part, part)
        except ParseError:
            continue
    if errors:
        raise ParseError(errors[0] if quote(part) in errors[0] else f"{quote(part)}: {errors[0]}")
    raise ParseError(f"could not read {quote(part)}")


def _keyed(part: str) -> list[tuple[str, FieldSpec, str]]:
    """(key, target, the rest) for every key that starts or ends ``part``, longest first."""
    lower = part.lower()
    if len(lower) != len(part):
        part = lower
    found = []
    for target, keys in _TARGETS:
        for key in keys:
            if lower.startswith(key + " ") or lower.startswith(key + "="):
                found.append((key, target, part[len(key):].strip(" =:")))
            elif lower.endswith(" " + key):
                found.append((key, target, part[: -len(key)].strip()))
    return sorted(found, key=lambda f: len(f[0]), reverse=True)


def _target_named(words: str) -> FieldSpec | None:
    words = re.sub(r"^(?:the|our|my) ", "", words)
    return next((t for t, keys in _TARGETS if words in keys), None)


def _changes_for(target: FieldSpec, value: str, part: str) -> list[tuple[Change, bool]]:
    for pattern in _VALUE_SCALES:
        m = pattern.match(value.lower())
        if m:
            return _scale(target, _factor(m, part), part)
    reading = read_field(value, target)
    changes = [(Change(path, "set", v, line), False) for path, v, line in _lines(target, reading)]
    for path, v in reading.implied.items():
        if path not in reading.values:
            spec = field(path)
            changes.append((Change(path, "set", v, f"{spec.label}: {spec.empty or 'unset'}"),
                            True))
    return changes


def _lines(target: FieldSpec, reading: Reading) -> list[tuple[str, object, str]]:
    """Each value a reading sets, with its echo: the reading's own for its field (or its
    first line), the value shown with its field's label for the others."""
    own = reading.echo.split("\n")[0]
    out = []
    for path, v in reading.values.items():
        if path == target.path:
            out.append((path, v, own))
            continue
        spec = field(path)
        shown = f"{spec.label}: {spec.kind.show(v)}" if v is not None else \
            f"{spec.label}: {spec.empty or 'unset'}"
        out.append((path, v, shown))
    return out


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
    if not target.kind.scalable:
        example = target.change or f"{target.synonyms[0] if target.synonyms else target.label} …"
        raise ParseError(f"{quote(part)}: {target.label} is not a number to multiply; set it "
                         f"instead, e.g. '{example}'")
    return [(Change(path, "scale", factor, f"{field(path).label}: ×{show_number(factor)}"),
             False) for path in target.kind.scaled(target)]


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

