"""Engineering effort as people give it, spread over the phases of the source document's
table.

``2 people for 6 weeks``, ``480 hours in total``, ``3 engineer-months``, ``one engineer for
a month`` are read as total hours in working time (40 hours a week, a twelfth of the
working year a month — 173.3 hours at 2,080 a year — 8 hours a day), then spread over the
engineering phases in the proportions of the midpoints of the source document's
engineering-hours table (:data:`engine.models.PHASES`). The echo says both. A phase typed in
the same answer keeps its hours and the rest of the total is spread over the others.

>>> from bot.dialogue.parse.fields import FieldSpec
>>> phases = {f"project.engineer_hours.{p}": p.replace("_", " ") for p in PHASES}
>>> spec = FieldSpec("project.engineer_hours", "engineering hours in total", Effort(phases))
>>> reading = spec.kind.read("2 people for 6 weeks", spec, Context())
>>> reading.echo.splitlines()[0]
"engineering hours in total: 480 (2 people × 6 weeks at 40 h a week), spread over the \
phases in the proportions of the source document's table:"
>>> round(reading.values["project.engineer_hours.data_collection"], 2)
145.45
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from bot.dialogue.parse.fields import Context, FieldSpec, Reading
from bot.dialogue.parse.kinds import Kind, shown_data
from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.money import working_hours
from bot.dialogue.parse.text import (
    NUMBER,
    ParseError,
    clean,
    format_count,
    number_value,
    quote,
    show_number,
    strip_fillers,
)
from engine.figures import quantity
from engine.models import PHASES

__all__ = ["Effort", "read_effort"]

_PEOPLE = r"(?:people|persons?|engineers?|devs?|developers?|folks|ppl|ftes?|of us|heads)"
_PERIOD = r"(?P<unit>hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?)"
_N = rf"(?:{NUMBER}|an?|one)"
_SHAPES = (
    lazy(rf"^(?P<people>{_N}) ?{_PEOPLE}(?: (?:for|over|during|working|x|×|\*))? "
               rf"(?P<n>{_N}) ?{_PERIOD}(?: each)?$"),
    lazy(rf"^(?P<n>{_N}) ?{_PERIOD} (?:for|of|with|x|×|\*) (?P<people>{_N}) ?{_PEOPLE}$"),
    lazy(rf"^(?P<n>{NUMBER}) ?(?:engineer|person|man|dev|developer|fte|people)"
               rf"[- ]?{_PERIOD}$"),
    lazy(rf"^(?:total(?: of)? )?(?P<n>{NUMBER}) ?(?P<unit>hours?|hrs?|h)"
               r"(?: (?:in total|total|of engineering|of work|of engineering time|engineering"
               r"|engineering time|of effort|effort))$"),
    lazy(rf"^(?:total|in total|engineering|effort)(?: of| is)? (?P<n>{NUMBER}) ?"
               r"(?P<unit>hours?|hrs?|h)?$"),
    lazy(rf"^(?P<n>{NUMBER}) ?(?P<unit>hours?|hrs?|h)?$"),  # once the field is named
)
_UNITS = {"h": "hour", "hr": "hour", "d": "day", "w": "week", "wk": "week", "mo": "month",
          "yr": "year"}


def _period(unit: str | None) -> str:
    word = (unit or "hour").rstrip("s") or "hour"
    return _UNITS.get(word, word)


def _count(text: str, typed: str) -> Fraction:
    if text in ("a", "an", "one"):
        return Fraction(1)
    return Fraction(number_value(text, None, typed))


def read_effort(text: str, *, working_hours_per_year: float) -> tuple[float, str]:
    """Total engineer hours and how they were worked out; :class:`ParseError` otherwise.

    >>> read_effort("3 engineer-months", working_hours_per_year=2080)
    (520.0, '3 engineer-months at 173.3 h a month')
    """
    s = strip_fillers(clean(text)).replace("engineering-hours", "engineering hours")
    for shape in _SHAPES:
        m = shape.match(s)
        if not m:
            continue
        groups = m.groupdict()
        period = _period(groups.get("unit"))
        per = working_hours(period, working_hours_per_year)
        n = _count(m["n"], text)
        people = _count(groups["people"], text) if groups.get("people") else None
        if n < 0 or (people is not None and people < 0):
            raise ParseError(f"{quote(text)} is negative; effort is 0 hours or more")
        hours = float(n * per * (people or 1))
        at = "" if period == "hour" else f" at {float(per):,.4g} h a {period}"
        periods = f"{show_number(float(n))} {period}{'' if n == 1 else 's'}"
        if people is not None:
            who = "person" if people == 1 else "people"
            how = f"{show_number(float(people))} {who} × {periods}{at}"
        elif "-" in s or period != "hour":
            unit = re.search(r"(?:engineer|person|man|dev|developer|fte|people)[- ]?\w+", s)
            how = f"{show_number(float(n))} {unit[0]}{at}" if unit else f"{periods}{at}"
        else:
            how = "in total"
        return hours, how
    raise ParseError(f"could not read {quote(text)} as engineering effort; accepted: "
                     "'2 people for 6 weeks', '480 hours in total', '3 engineer-months'")


class Effort(Kind):
    """Engineering effort in total, spread over ``phases`` (path → label) in the proportions
    of the source document's table."""

    name = "effort"
    numeric = False
    amount = True
    scalable = True
    metavar = "EFFORT"
    example = "'2 people for 6 weeks'"
    unit = "hours"

    def __init__(self, phases: Mapping[str, str]) -> None:
        self.phases = dict(phases)
        middle = {p: Fraction(low + high) / 2 for p, (_, low, high) in PHASES.items()}
        self.weights = {path: middle[path.rpartition(".")[2]] for path in self.phases}

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        hours, how = read_effort(text, working_hours_per_year=context.working_hours_per_year)
        head = f"{spec.label}: {show_number(hours)}" + ("" if how == "in total" else f" ({how})")
        return self.spread(hours, head, spec)

    def spread(self, hours: float, head: str, spec: FieldSpec,
               typed: Mapping[str, object] | None = None) -> Reading:
        kept = {p: v for p, v in (typed or {}).items() if p in self.phases
                and isinstance(v, int | float)}
        rest = Fraction(hours) - sum((Fraction(float(v)) for v in kept.values()), Fraction(0))
        if rest < 0:
            raise ParseError(f"{head}: the phases typed beside it already add up to more")
        free = {p: w for p, w in self.weights.items() if p not in kept}
        total = sum(free.values(), Fraction(0))
        values: dict[str, object] = {p: float(rest * w / total) if total else 0.0
                                     for p, w in free.items()}
        for path, value in values.items():
            if isinstance(value, float) and value > 100_000:
                raise ParseError(f"{head}: {self.phases[path]} would be {quantity(value)}; "
                                 "each phase is at most 100,000 hours")
        where = "the other phases" if kept else "the phases"
        lines = [f"{head}, spread over {where} in the proportions of the source document's "
                 "table:", *(f"  {self.phases[p]}: {show_number(float(v))}"
                             for p, v in values.items() if isinstance(v, float))]

        def settle(others: Mapping[str, object], current: Mapping[str, object]) -> Reading:
            return self.spread(hours, head, spec, others)

        return Reading(values, "\n".join(lines), settle=None if typed is not None else settle)

    def scaled(self, spec: FieldSpec) -> tuple[str, ...]:
        return tuple(self.phases)

    def names_itself(self, lowered: str) -> bool:
        return re.search(rf"{_PEOPLE}|(?:engineer|person|man|fte)[- ]?(?:hours?|days?|weeks?"
                         r"|months?|years?)|in total", lowered) is not None

    def show(self, value: Any) -> str:
        return f"{quantity(value.total)} hours in total"

    def write(self, value: Any) -> str:
        return f"{format_count(float(value.total))} hours in total"

    def forms(self, value: Any) -> list[str]:
        return [self.write(value)]

    def values_from_data(self, value: object, spec: FieldSpec,
                         context: Context | None = None) -> dict[str, object]:
        """Hours in total (a number, or text such as ``2 people for 6 weeks``), spread."""
        if isinstance(value, str):
            return self.read(value, spec, context or Context()).values
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParseError(f"{shown_data(value)} is not an effort; give each phase's "
                             "hours, or a total such as '480 hours in total'")
        spec.within(value, shown_data(value))
        return self.spread(float(value), spec.label, spec).values
