"""Kinds of value, as objects: how a field's text is read, how its value is shown and written
back, and what a value given as data (a file, a flag) must be.

Every :class:`~bot.dialogue.parse.fields.FieldSpec` has one kind; nothing else switches on
what sort of field it is. This module holds the numeric kinds (counts, money, rates,
durations); :mod:`bot.dialogue.parse.kinds_named` the named ones (GPUs, models, choices,
yes/no, dates) and :mod:`bot.dialogue.parse.effort` engineering effort. A kind's methods:

* ``read(text, spec, context)`` → a :class:`~bot.dialogue.parse.fields.Reading`, or
  :class:`~bot.dialogue.parse.text.ParseError` quoting the text;
* ``show(value)`` for people (the one rounding rule, :mod:`engine.figures`), ``write(value)``
  text that reads back exactly, ``forms(value)`` the ways to prefill a modal, best first;
* ``check(value, spec)`` a value given as data: its type, finite, within the field's bounds;
* ``choices()`` (value, label) pairs for a select; ``words()`` fixed words that stand for a
  value inside a sentence; ``names_itself(text)`` whether a bare value names its field.

>>> from bot.dialogue.parse.fields import FieldSpec
>>> runs = FieldSpec("project.num_training_runs", "training runs", Count("runs", whole=True),
...                  examples=("8 runs",))
>>> runs.kind.read("8 runs", runs, Context()).echo, runs.kind.show(8), runs.kind.write(8)
('training runs: 8', '8 runs', '8')
>>> runs.check(True)
Traceback (most recent call last):
...
bot.dialogue.parse.text.ParseError: true is not a number; training runs is at least 0 runs \
and at most 10,000 runs, e.g. '8 runs'
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from bot.dialogue.parse.fields import Context, FieldSpec, Reading
from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.money import read_money, working_hours
from bot.dialogue.parse.quantity import TIME_WORDS, read_count, read_duration
from bot.dialogue.parse.text import (
    NUMBER,
    ParseError,
    clean,
    format_count,
    format_money,
    number_value,
    quote,
    show_money,
    show_number,
    show_percent,
    strip_fillers,
)
from engine.figures import count, months, percent, quantity, unit_usd, usd

__all__ = ["Count", "Duration", "Hours", "HugeNumber", "Kind", "Money", "Rate", "plain",
           "shown_data"]


def plain(value: float) -> str:
    """A number written in full (no exponent, no trailing zeros): reads back exactly."""
    return format(Decimal(repr(float(value))).normalize(), "f")


class HugeNumber(float):
    """An integer of more digits than any input takes, as a file gave it: infinite, with
    its digits kept to say how long it was."""

    digits: int

    def __new__(cls, text: str) -> HugeNumber:
        number = super().__new__(cls, "-inf" if text.startswith("-") else "inf")
        number.digits = len(text.lstrip("-"))
        return number


def shown_data(value: object) -> str:
    """A value given as data, as the file or flag wrote it: ``true``, ``1e-310``, ``"x"``."""
    if isinstance(value, HugeNumber):
        return f"a {value.digits:,}-digit number"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and len(str(abs(value))) > 30:
        return f"a {len(str(abs(value))):,}-digit number"
    try:
        shown = json.dumps(value)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


class Kind(ABC):
    """The behaviour every kind has; subclasses say how to read and show their values."""

    name: ClassVar[str] = "value"
    numeric: ClassVar[bool] = False
    amount: ClassVar[bool] = False
    """Its values are amounts typed as figures: "a few hundred" is refused as no figure."""
    scalable: ClassVar[bool] = False
    metavar: ClassVar[str] = "TEXT"
    empty_word: ClassVar[str | None] = None
    unit: str | None = None
    example = "'…'"

    @abstractmethod
    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        """What ``text`` means for ``spec``'s field; a ParseError naming the field and what
        is accepted when it means nothing."""

    def show(self, value: Any) -> str:
        return str(value)

    def show_bound(self, value: float) -> str:
        return self.show(value)

    def write(self, value: Any) -> str:
        return "" if value is None else str(value)

    def forms(self, value: Any) -> list[str]:
        return [self.show(value), self.write(value)]

    def check(self, value: object, spec: FieldSpec) -> object:
        """A value given as data, not text: the engine's to validate, except that a kind of
        number checks it here (its type, finite, the field's bounds)."""
        return value

    def choices(self) -> tuple[tuple[str, str], ...]:
        return ()

    def words(self) -> tuple[str, ...]:
        return ()

    def names_itself(self, lowered: str) -> bool:
        return False

    leads: tuple[str, ...] = ()
    """Words that may lead to a value inside a sentence and carry nothing ("served on")."""
    spans: ClassVar[bool] = False
    """Its values may stand among other words of a clause, found by :meth:`names`."""

    def names(self, text: str) -> bool:
        """``text`` is a whole value of this kind that a sentence may hold among other words
        (a GPU: "13b lora on 2x a100 40gb"), to be cut out and read on its own."""
        return False

    def scaled(self, spec: FieldSpec) -> tuple[str, ...]:
        """The paths a factor on the field multiplies ("engineering hours x1.5": each phase)."""
        return (spec.path,)

    def values_from_data(self, value: object, spec: FieldSpec,
                         context: Context | None = None) -> dict[str, object]:
        """The values a file's or a flag's ``value`` sets, by path: text is read as a typed
        answer is (``2x a10g`` sets the GPUs per instance too; the empty word, ``auto``,
        is ``None``), anything else checked (:meth:`check`). :class:`ParseError` without
        the field's name, for the caller to say where the value came from."""
        if not isinstance(value, str):
            return {spec.path: self.check(value, spec)}
        if self.empty_word is not None and clean(value) == self.empty_word:
            return {spec.path: None}
        reading = self.read(value, spec, context or Context())
        if spec.path in reading.values:
            spec.within(reading.values[spec.path], quote(value))
        return reading.values

    def __repr__(self) -> str:
        unit = f"({self.unit!r})" if self.unit else "()"
        return f"{type(self).__name__}{unit}"


class _Number(Kind):
    numeric = True
    amount = True
    scalable = True
    metavar = "N"
    whole = False
    example = "'8'"

    def check(self, value: object, spec: FieldSpec) -> object:
        if value is None:
            return None
        shown = shown_data(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParseError(f"{shown} is not a number; {spec.accepted()}")
        if isinstance(value, HugeNumber) or (isinstance(value, int) and abs(value) > 10**18):
            raise ParseError(f"{shown} is too large; {spec.accepted()}")
        if self.whole and not float(value).is_integer():
            raise ParseError(f"{shown} is not a whole number; {spec.accepted()}")
        spec.within(value, shown)
        return int(value) if self.whole else value


class Count(_Number):
    """A count or volume in ``unit`` ("requests/day", "tokens/request", "runs"); ``whole``
    for what is counted in whole numbers."""

    def __init__(self, unit: str | None = None, *, whole: bool = False) -> None:
        self.unit = unit
        self.whole = whole
        self.name = "integer" if whole else "count"  # type: ignore[misc]

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        value, note = read_count(text, unit=self.unit)
        if self.whole and not value.is_integer():
            raise ParseError(f"{quote(text)} is not a whole number; {self.unit or 'this'} is "
                             f"counted in whole numbers, e.g. {spec.example}")
        number: float | int = int(value) if self.whole else value
        shown = f"{int(value):,}" if self.whole else show_number(value)
        return Reading({spec.path: number}, _noted(f"{spec.label}: {shown}", note))

    def show(self, value: Any) -> str:
        unit = _unit(value, self.unit or "")
        if unit.startswith("request") and unit.endswith("/day"):
            return f"{count(value)} {unit}"
        if unit.endswith("/second"):
            return f"{quantity(value)} {unit.removesuffix('second')}s"
        return f"{count(value) if self.whole else quantity(value)} {unit}".strip()

    def write(self, value: Any) -> str:
        return "" if value is None else format_count(float(value))

    def forms(self, value: Any) -> list[str]:
        return [count(float(value)), format_count(float(value))]


class Hours(Count):
    """Engineer hours: ``40h``, or working time (``1 week`` is 40 hours, ``2 days`` 16)."""

    _TIME = lazy(rf"^(?P<n>{NUMBER}) ?(?P<unit>days?|d|weeks?|wks?|w|months?|mos?)$")
    _PERIOD: ClassVar[dict[str, str]] = {"d": "day", "w": "week", "wk": "week", "mo": "month"}

    def __init__(self) -> None:
        super().__init__("hours")

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        m = self._TIME.match(strip_fillers(clean(text)))
        if not m:
            return super().read(text, spec, context)
        unit = m["unit"].rstrip("s")
        period = self._PERIOD.get(unit, unit)
        per = working_hours(period, context.working_hours_per_year)
        hours = float(Fraction(number_value(m["n"], None, text)) * per)
        note = f"{m['n']} {period}(s) at {float(per):,.4g} working hours a {period}"
        return Reading({spec.path: hours}, f"{spec.label}: {show_number(hours)} ({note})")


class Money(_Number):
    """US dollars in ``unit`` ("USD/hour", "USD/1M tokens", "USD/review"…). ``working``: a
    person's pay, whose months and years are working time (:data:`WORKING_HOURS_PER_YEAR`),
    not an instance's 720 hours a month."""

    name = "money"
    metavar = "$"

    def __init__(self, unit: str = "USD", *, working: bool = False) -> None:
        self.unit = unit
        self.working = working

    def names_itself(self, lowered: str) -> bool:
        """A yearly amount is a salary: a person's pay, not an instance's price."""
        return self.working and re.search(
            r"/ ?(?:yr|year)|(?:a|per) (?:yr|year)|annual|yearly|salary", lowered) is not None

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        hours = context.working_hours_per_year if self.working else None
        amount, note = read_money(text, unit=self.unit, working_hours_per_year=hours)
        return Reading({spec.path: amount},
                       _noted(f"{spec.label}: {show_money(amount, self.unit)}", note))

    def _per(self) -> str:
        return {"USD/review": " per review", "USD/run": " per run"}.get(
            self.unit or "", (self.unit or "USD").removeprefix("USD"))

    def show(self, value: Any) -> str:
        per = self._per()
        return (unit_usd(value) if per in ("/hour", "/1M tokens") else usd(value)) + per

    def show_bound(self, value: float) -> str:
        return f"${value:,g}{self._per()}"

    def write(self, value: Any) -> str:
        return "" if value is None else format_money(float(value), self.unit or "USD")

    def forms(self, value: Any) -> list[str]:
        v = float(value)
        return [unit_usd(v) + self._per(), usd(v) + self._per(), self.write(v)]


class Rate(_Number):
    """A share (0–1) typed as ``3%`` or ``0.03``; ``monthly`` for growth (signed, per month)."""

    name = "rate"
    metavar = "RATE"

    def __init__(self, *, monthly: bool = False) -> None:
        self.monthly = monthly
        self.unit = "fraction/month" if monthly else "fraction"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        from bot.dialogue.parse.quantity import parse_rate

        rate = parse_rate(text, unit=self.unit or "fraction")
        per = "/month" if self.monthly else ""
        return Reading({spec.path: rate}, f"{spec.label}: {show_percent(rate)}{per}")

    def show(self, value: Any) -> str:
        return percent(value) + ("/month" if self.monthly else "")

    def write(self, value: Any) -> str:
        if value is None:
            return ""
        return format((Decimal(repr(float(value))) * 100).normalize(), "f") + "%"

    def forms(self, value: Any) -> list[str]:
        return [self.show(value), repr(float(value))]


class Duration(_Number):
    """A length of time in ``unit`` ("months", "ms", "hours"); ``per_day`` for hours of each
    day ("10 hours a day")."""

    name = "duration"

    def __init__(self, unit: str = "months", *, per_day: bool = False) -> None:
        self.unit = unit
        self.per_day = per_day

    @property
    def example(self) -> str:  # type: ignore[override]
        """An example in the field's own unit: a latency is not '18 months'."""
        time = next((key for key, words in TIME_WORDS.items() if self.unit in words), "month")
        typed = {"ms": "500 ms", "hour": "10 hours", "month": "18 months"}.get(time, "2 days")
        return f"'{typed}'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        length, note = read_duration(text, unit=self.unit or "months", per_day=self.per_day)
        return Reading({spec.path: length},
                       _noted(f"{spec.label}: {show_number(length)} {self.unit}", note))

    def show(self, value: Any) -> str:
        return f"{quantity(value)} {_unit(value, self.unit or '')}"

    def write(self, value: Any) -> str:
        return "" if value is None else f"{plain(value)} {self.unit}"

    def forms(self, value: Any) -> list[str]:
        v = float(value)
        if self.unit == "months":
            return [months(v), f"{quantity(v)} months", f"{v!r} months"]
        return [f"{quantity(v)} {self.unit}", f"{v!r} {self.unit}"]


def _unit(value: Any, unit: str) -> str:
    """``unit`` for ``value``: one of it is singular ("1 month", "1 token/s")."""
    if value != 1:
        return unit
    head, slash, tail = unit.partition("/")
    return (head[:-1] if head.endswith("s") and len(head) > 2 else head) + slash + tail


def _noted(text: str, note: str) -> str:
    return f"{text} ({note})" if note else text

