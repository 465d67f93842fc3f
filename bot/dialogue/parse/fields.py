"""One input field as the registry declares it, and reading one typed value into it.

A :class:`FieldSpec` is everything ftroi knows about one input: its dotted ``path`` in the
scenario, its ``label`` (short, for echo lines: "requests/day") and ``title`` (a heading:
"Requests per day"), its :class:`~bot.dialogue.parse.kinds.Kind` (how a value is read,
shown and checked, and in which unit), the intake step that asks it, the words people use
for it (``synonyms``), ``examples`` that read as it, ``help``, where its default comes from
(``source``), and its bounds — read from the engine's own model of the input, so a limit is
written once (:func:`bounds_of`). The registry (:mod:`bot.dialogue.parse.registry`) holds
one ``FieldSpec`` per input.

>>> from bot.dialogue.parse.kinds import Money
>>> from bot.dialogue.parse.kinds_named import Gpu
>>> spec = FieldSpec("project.engineer_usd_per_hour", "engineer rate", Money("USD/hour"))
>>> read_field("$3,600/month", spec).echo
'engineer rate: $5/hour (from $3,600/month at 720 h/month)'
>>> read_field("2x a10g", FieldSpec("model.gpu", "GPU", Gpu())).values
{'model.gpu': 'a10g', 'model.gpus_per_instance': 2}
>>> bounds_of("model.target_utilisation").describe(str)
'at least 0.01 and at most 1'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.money import WORKING_HOURS_PER_YEAR
from bot.dialogue.parse.text import ParseError, clean, quote, remove_words, vague_amount
from engine.models import Scenario

if TYPE_CHECKING:
    from bot.dialogue.parse.kinds import Kind

__all__ = ["SMALLEST", "Bounds", "Context", "FieldSpec", "Reading", "bounds_of", "read_field",
           "value_at"]

SMALLEST = 1e-6
"""The smallest magnitude of a value other than 0 any field takes: below it a number means
nothing here (a subnormal such as 1e-310 is a typo or a probe), and the engine's arithmetic
on it overflows."""

Settle = Callable[[Mapping[str, object], Mapping[str, object]], "Reading"]


@dataclass(frozen=True)
class Reading:
    """What one typed value means: values by path, one echo line, and implied values.

    ``implied`` are the values a choice carries unless typed otherwise (a catalog GPU means
    its catalog price). ``settle``, when set, gives the final reading once the whole answer
    is read — ``settle(typed, current)`` with the answer's other values and the draft's — for
    a value that depends on them: hours in total spread over the phases not typed beside
    them, a review rate "the same as today".
    """

    values: dict[str, object]
    echo: str
    implied: dict[str, object] = field(default_factory=dict)
    settle: Settle | None = None


@dataclass(frozen=True)
class Context:
    """What reading a value may depend on: the draft's current values by path, and the
    working year a salary or a person-month is converted with (a setting)."""

    current: Mapping[str, object] = field(default_factory=dict)
    working_hours_per_year: float = WORKING_HOURS_PER_YEAR


@dataclass(frozen=True)
class Bounds:
    """The values a numeric input takes; ``None`` for no limit on that side."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def problem(self, value: float) -> str | None:
        """Why ``value`` is outside, or ``None`` when it is inside."""
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return "too small"
        if self.high is not None and (value > self.high or (self.high_open and value == self.high)):
            return "too large"
        return None

    def describe(self, show: Callable[[float], str]) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'more than' if self.low_open else 'at least'} {show(self.low)}")
        if self.high is not None:
            parts.append(f"{'under' if self.high_open else 'at most'} {show(self.high)}")
        return " and ".join(parts) or "any number"


@cache
def _schema() -> dict[str, Any]:
    return Scenario.model_json_schema()


@cache
def bounds_of(path: str) -> Bounds:
    """The engine model's limits of the input at ``path`` (none for a path it does not know)."""
    schema = _schema()
    node: dict[str, Any] = schema
    for part in path.split("."):
        ref = node.get("$ref")
        if ref:
            node = schema["$defs"][ref.rsplit("/", 1)[1]]
        props = node.get("properties", {})
        if part not in props:
            return Bounds()
        node = props[part]
    for option in node.get("anyOf", [node]):
        if option.get("type") in ("number", "integer"):
            node = option
            break
    low_open = "exclusiveMinimum" in node
    high_open = "exclusiveMaximum" in node
    return Bounds(low=node.get("exclusiveMinimum", node.get("minimum")),
                  high=node.get("exclusiveMaximum", node.get("maximum")),
                  low_open=low_open, high_open=high_open)


def value_at(scenario: object, path: str) -> Any:
    """The input at a dotted path, whatever its type."""
    node: Any = scenario
    for part in path.split("."):
        node = getattr(node, part)
    return node


@dataclass(frozen=True)
class FieldSpec:
    """One input, declared once (see :mod:`bot.dialogue.parse.registry` for each part)."""

    path: str
    label: str
    kind: Kind
    step: str | None = None
    title: str = ""
    synonyms: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    presumed: tuple[str, ...] = ()
    presumed_echo: str = ""
    examples: tuple[str, ...] = ()
    help: str = ""
    source: str = ""
    name: str = ""
    aliases: tuple[str, ...] = ()
    owns: tuple[str, ...] = ()
    resets: tuple[str, ...] = ()
    needs_cue: bool = False
    same_as: str | None = None
    modal: bool = False
    empty: str | None = None
    change: str | None = None

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.path.rpartition(".")[2])
        if not self.title:
            object.__setattr__(self, "title", self.label[:1].upper() + self.label[1:])

    @property
    def words(self) -> tuple[str, ...]:
        """Every word that may stand beside a value of this field in a sentence and is not
        the value: its synonyms, the words it is presumed from, and its topic's words."""
        return (*self.synonyms, *self.presumed, *self.topic)

    @property
    def bounds(self) -> Bounds:
        return bounds_of(self.path)

    @property
    def flag(self) -> str:
        """The ``ftroi roi`` option that sets it: the field's name, dashed."""
        return "--" + self.name.replace("_", "-")

    @property
    def example(self) -> str:
        """One example answer, quoted, for a message ("e.g. '8 runs'")."""
        return f"'{self.examples[0]}'" if self.examples else self.kind.example

    @property
    def default(self) -> Any:
        """The engine's default (``None``: left to the catalogs or to sizing)."""
        return value_at(Scenario.model_construct(), self.path)

    def accepted(self) -> str:
        """What the field takes, for a message: its bounds in its unit, and an example."""
        bounds = ""
        if self.kind.numeric and self.bounds != Bounds():
            bounds = f"{self.bounds.describe(self.kind.show_bound)}, "
        return f"{self.label} is {bounds}e.g. {self.example}" if bounds else \
            f"{self.label}: e.g. {self.example}"

    def check(self, value: object) -> object:
        """A value given as data (a file, a flag, the engine's JSON), in the field's own kind
        and bounds; :class:`ParseError` naming the field otherwise."""
        return self.kind.check(value, self)

    def within(self, value: object, shown: str) -> None:
        """Refuse a number outside the field's bounds, or absurdly small, quoting ``shown``."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        number = float(value)
        if not math.isfinite(number):
            raise ParseError(f"{shown} is not a finite number; {self.accepted()}")
        if number != 0 and abs(number) < SMALLEST:
            if self.bounds.problem(0.0):
                raise ParseError(f"{shown} is too small: {self.accepted()}")
            raise ParseError(f"{shown} is too small to mean anything (under {SMALLEST:g}): "
                             f"type 0 for none, or {self.accepted()}")
        problem = self.bounds.problem(number)
        if problem:
            raise ParseError(f"{shown} is {problem}: {self.accepted()}")


_SAME = lazy(
    r"(?:(?:keep |keep it |leave it )?(?:the )?(?:same|unchanged|no change)"
    r"|as (?:today|now|before))"
    r"(?: (?:as|like|for) (?:today|now|before|currently|at present|it is|the api|with the api"
    r"|the api's|api))?(?: for| too| as well)?"
)


def _same_as(text: str, spec: FieldSpec, context: Context) -> Reading | None:
    """"The same as today": the value of ``spec.same_as``, settled with the rest of the
    answer (typed beside it, that value; else the draft's)."""
    if spec.same_as is None:
        return None
    if not _SAME.fullmatch(remove_words(clean(text), spec.synonyms)):
        return None
    from bot.dialogue.parse.registry import field  # the registry is built on this module

    other = field(spec.same_as)
    ref = spec.same_as

    def settle(typed: Mapping[str, object], current: Mapping[str, object]) -> Reading:
        value = typed.get(ref, current.get(ref, other.default))
        return Reading({spec.path: value},
                       f"{spec.label}: {spec.kind.show(value)} (the same as {other.label})")

    return replace(settle({}, context.current), settle=settle)


def _own_examples(message: str, spec: FieldSpec) -> str:
    """A number's refusal with the field's own examples, not its unit's ("8 runs", not
    "50k runs"); other kinds keep theirs (the catalog's GPUs, a choice's words)."""
    at = message.find("; accepted")
    generic = message[at:].startswith(("; accepted for", "; accepted: '"))  # a unit's list
    if not spec.kind.numeric or not spec.examples or at < 0 or not generic:
        return message
    return message[:at] + "; accepted: e.g. " + ", ".join(f"'{e}'" for e in spec.examples)


def read_field(text: str, spec: FieldSpec, context: Context | None = None) -> Reading:
    """Read ``text`` as a value of ``spec``, within its bounds; :class:`ParseError` when it
    cannot be read or is out of bounds (the message quotes it and says what is accepted)."""
    context = context or Context()
    try:
        reading = _same_as(text, spec, context) or spec.kind.read(text, spec, context)
    except ParseError as e:
        vague = vague_amount(text) if spec.kind.amount else None
        if vague:  # "a few hundred": the person's words, not a leftover such as "a few 100"
            raise ParseError(f"{quote(vague)} is not a number; {spec.accepted()}") from None
        raise ParseError(_own_examples(str(e), spec)) from None
    if spec.path in reading.values:
        spec.within(reading.values[spec.path], quote(text))
    return reading
