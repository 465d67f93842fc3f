"""Counts and volumes, whole numbers, durations and rates as people type them.

A field's ``unit`` says what it counts and per what: ``requests/day``, ``tokens/request``,
``examples``, ``runs``. Unit words typed with a number are checked against it: a count of
tokens typed for requests is refused with a message that says so; a count per month typed for
a per-day field is converted at 30 days a month (PRODUCT.md §5) and the echo says so. A bare
number is in the field's unit.

>>> parse_count("80k requests a day", unit="requests/day"), parse_count("2.5M")
(80000.0, 2500000.0)
>>> read_count("2.4M requests/month", unit="requests/day")
(80000.0, 'from 2.4M/month at 30 days/month')
>>> parse_rate("3%"), parse_rate("0.03"), parse_duration("1.5 years", unit="months")
(0.03, 0.03, 18.0)
"""

from __future__ import annotations

import re
from fractions import Fraction

from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.text import (
    NUMBER,
    SCALE,
    ParseError,
    clean,
    number_value,
    quote,
    show_number,
    strip_fillers,
)

__all__ = [
    "COUNT_NOUNS",
    "SECONDS",
    "TIME_WORDS",
    "parse_count",
    "parse_duration",
    "parse_integer",
    "parse_rate",
    "read_count",
    "read_duration",
    "split_unit",
]

COUNT_NOUNS: dict[str, tuple[str, ...]] = {
    "requests": ("requests", "request", "reqs", "req", "calls", "call", "queries", "query"),
    "tokens": ("tokens", "token", "toks", "tok"),
    "examples": ("examples", "example", "samples", "sample", "rows"),
    "runs": ("training runs", "runs", "run"),
    "instances": ("instances", "instance", "replicas", "replica", "servers", "server", "nodes"),
    "GPUs": ("gpus", "gpu"),
    "hours": ("hours", "hour", "hrs", "hr", "h"),
    "epochs": ("epochs", "epoch"),
}
_PER_WORDS: dict[str, tuple[str, ...]] = {
    "second": ("second", "sec", "s"),
    "hour": ("hour", "hr", "h"),
    "day": ("day", "d"),
    "week": ("week", "wk"),
    "month": ("month", "mo", "mon", "mth"),
    "request": ("request", "req", "call", "query"),
    "example": ("example", "sample"),
    "run": ("run",),
}
_ADVERBS = {"daily": "day", "hourly": "hour", "weekly": "week", "monthly": "month",
            "mom": "month", "month over month": "month"}
SECONDS: dict[str, Fraction] = {
    "ms": Fraction(1, 1000), "second": Fraction(1), "minute": Fraction(60),
    "hour": Fraction(3600), "day": Fraction(86_400), "week": Fraction(604_800),
    "month": Fraction(2_592_000), "year": Fraction(31_104_000),  # 30-day months, 12 a year
}
TIME_WORDS: dict[str, tuple[str, ...]] = {
    "ms": ("ms", "msec", "millisecond", "milliseconds"),
    "second": ("s", "sec", "secs", "second", "seconds"),
    "minute": ("min", "mins", "minute", "minutes"),
    "hour": ("h", "hr", "hrs", "hour", "hours"),
    "day": ("d", "day", "days"),
    "week": ("w", "wk", "wks", "week", "weeks"),
    "month": ("mo", "mos", "mon", "mth", "mths", "month", "months"),
    "year": ("y", "yr", "yrs", "year", "years"),
}
_SHORT = {"ms": "ms", "second": "s", "minute": "min", "hour": "h", "day": "days",
          "week": "weeks", "month": "months", "year": "years"}


def _alternation(words: dict[str, tuple[str, ...]]) -> tuple[str, dict[str, str]]:
    lookup = {word: key for key, synonyms in words.items() for word in synonyms}
    return "|".join(re.escape(w) for w in sorted(lookup, key=len, reverse=True)), lookup


_NOUN_RE, _NOUN_OF = _alternation(COUNT_NOUNS)
_PER_RE, _PER_OF = _alternation(_PER_WORDS)
_TIME_RE, _TIME_OF = _alternation(TIME_WORDS)
_ADVERB_RE = "|".join(sorted(_ADVERBS, key=len, reverse=True))
PER = (
    rf"(?:(?:/ ?|per |an? |each |every )(?P<per>{_PER_RE})s?(?![a-z])"
    rf"|(?P<adverb>{_ADVERB_RE})(?![a-z]))"
)
_COUNT = lazy(
    rf"^(?P<num>{NUMBER}){SCALE}? ?(?:(?P<noun>{_NOUN_RE})(?![a-z]))? ?(?:{PER})?$"
)
_RPS = lazy(rf"^(?P<num>{NUMBER}){SCALE}? ?(?:rps|qps)$")
_DURATION = lazy(rf"^(?P<num>{NUMBER}|an?) ?(?:(?P<unit>{_TIME_RE})(?![a-z]))?$")
_RATE = lazy(
    rf"^(?P<num>{NUMBER}) ?(?P<pct>%|percent|per cent|pct)? ?(?:{PER}|(?P<yearly>"
    r"(?:/ ?|per |an? )(?:year|yr)|yearly|annually|annual|yoy))?$"
)


def split_unit(unit: str | None) -> tuple[str | None, str | None]:
    """``"requests/day"`` → ``("requests", "day")``; ``"runs"`` → ``("runs", None)``."""
    if not unit:
        return None, None
    noun, _, per = unit.partition("/")
    return noun or None, per or None


def _count_examples(unit: str | None) -> str:
    noun, per = split_unit(unit)
    if noun == "requests" and per == "day":
        return "'80k', '80k requests a day', '80k/day', '2.4M requests/month', '1 rps'"
    if noun == "tokens" and per:
        return f"'600', '600 tokens', '1.2k tokens per {per}'"
    word = f" {noun}" if noun else ""
    return f"'50', '50k{word}', '1,200', '1.2e6', '3 million'"


def read_count(text: str, *, unit: str | None = None) -> tuple[float, str]:
    """A count in the field's ``unit`` and a note on any conversion (empty when none)."""
    s = strip_fillers(clean(text))
    want_noun, want_per = split_unit(unit)
    accepted = f"accepted{' for ' + unit if unit else ''}: {_count_examples(unit)}"
    rps = _RPS.match(s)
    m = rps or _COUNT.match(s)
    if not m:
        if re.match(rf"^(?:{NUMBER})", s):
            raise ParseError(f"could not read the unit in {quote(text)}; {accepted}")
        raise ParseError(f"{quote(text)} is not a number; {accepted}")
    value = number_value(m["num"], m["scale"], text)
    if value < 0:
        raise ParseError(f"{quote(text)} is negative; a count is 0 or more; {accepted}")
    noun = "requests" if rps else _NOUN_OF.get(m["noun"] or "")
    per = "second" if rps else (_PER_OF.get(m["per"] or "") or _ADVERBS.get(m["adverb"] or ""))
    if noun and want_noun and noun != want_noun:
        raise ParseError(f"{quote(text)} counts {noun}, but this asks for {unit}; {accepted}")
    if not per or per == want_per:
        return value, ""
    if per in SECONDS and want_per in SECONDS:
        factor = SECONDS[want_per] / SECONDS[per]
        converted = float(Fraction(value) * factor)
        return converted, _conversion_note(value, per, want_per)
    wanted = f"per {want_per}" if want_per else "a plain count"
    raise ParseError(f"{quote(text)} is per {per}, but this asks for {wanted}; {accepted}")


def _conversion_note(value: float, typed: str, wanted: str) -> str:
    big, small = (typed, wanted) if SECONDS[typed] > SECONDS[wanted] else (wanted, typed)
    ratio = SECONDS[big] / SECONDS[small]
    amount = f"{value / 1e6:g}M" if value >= 1e6 else show_number(value)
    return f"from {amount}/{typed} at {float(ratio):,g} {_SHORT[small]}/{big}"


def parse_count(text: str, *, unit: str | None = None) -> float:
    """A count or volume (0 or more) in the field's unit."""
    return read_count(text, unit=unit)[0]


def parse_integer(text: str, *, unit: str | None = None) -> int:
    """A whole count: training runs, instances, dataset examples."""
    value, _ = read_count(text, unit=unit)
    if not value.is_integer():
        raise ParseError(
            f"{quote(text)} is not a whole number; {unit or 'this'} is counted in whole "
            f"numbers, e.g. '8', '12', 'two'"
        )
    return int(value)


_PER_DAY = lazy(r"\s*(?:(?:/ ?|per |an? |each |every )day|daily)$")


def read_duration(text: str, *, unit: str = "months", per_day: bool = False
                  ) -> tuple[float, str]:
    """A duration in the field's ``unit`` (``months``, ``ms``, ``hours``…), and a note.

    ``per_day``: a duration of each day (peak hours), which may say so: ``10 hours a day``.

    >>> read_duration("10 hours a day", unit="hours", per_day=True)
    (10.0, '')
    """
    want = _TIME_OF.get(unit, unit)
    if want not in SECONDS:
        raise ValueError(f"unknown duration unit {unit!r}")
    s = strip_fillers(clean(text))
    if per_day:
        s = _PER_DAY.sub("", s)
    examples = {
        "month": "'18 months', '18mo', '1.5 years', '2y', '18' (months)",
        "ms": "'2000 ms', '2s', '1.5 seconds', '2000' (ms)",
    }.get(want, f"'6 hours', '2 days', '6' ({unit})")
    if re.match(rf"^(?:{NUMBER}) ?m$", s):
        raise ParseError(
            f"{quote(text)}: 'm' could be minutes or months; accepted: {examples}"
        )
    m = _DURATION.match(s)
    if not m:
        raise ParseError(f"could not read {quote(text)} as a duration; accepted: {examples}")
    value = number_value(m["num"], None, text)
    if value < 0:
        raise ParseError(f"{quote(text)} is negative; accepted: {examples}")
    typed = _TIME_OF.get(m["unit"] or "", want)
    if typed == want:
        return value, ""
    converted = float(Fraction(value) * SECONDS[typed] / SECONDS[want])
    note = f"from {quote(text)}"
    if {typed, want} & {"month", "year"} and {typed, want} - {"month", "year"}:
        note += " (a month is 30 days)"
    return converted, note


def parse_duration(text: str, *, unit: str = "months") -> float:
    """A duration in the field's unit; a bare number is in that unit."""
    return read_duration(text, unit=unit)[0]


def parse_rate(text: str, *, unit: str = "fraction") -> float:
    """A rate as a fraction: ``3%``, ``3 percent``, ``0.03`` → 0.03.

    ``unit="fraction"`` accepts 0–100%; ``unit="fraction/month"`` (growth) also accepts a
    sign and ``a month``/``monthly``. A bare whole number such as ``3`` is refused: it could
    be 3% or 300%.
    """
    monthly = unit == "fraction/month"
    examples = (
        "'5%/month', '5% monthly', '-2%', '0.05'" if monthly
        else "'3%', '3 percent', '2.5 %', '0.03'"
    )
    s = strip_fillers(clean(text))
    m = _RATE.match(s)
    if not m:
        raise ParseError(f"could not read {quote(text)} as a rate; accepted: {examples}")
    if m["yearly"]:
        raise ParseError(f"{quote(text)} is yearly; give the monthly rate, e.g. {examples}")
    per = _PER_OF.get(m["per"] or "") or _ADVERBS.get(m["adverb"] or "")
    if per and not (monthly and per == "month"):
        raise ParseError(f"{quote(text)} is per {per}; accepted: {examples}")
    value = number_value(m["num"], None, text, per=100 if m["pct"] else 1)
    if not m["pct"] and value != 0 and value.is_integer() and "." not in m["num"]:
        raise ParseError(
            f"{quote(text)} is ambiguous for a rate: type '{m['num']}%' for percent, or a "
            f"fraction such as '0.03'; accepted: {examples}"
        )
    if not m["pct"] and abs(value) > 1:
        raise ParseError(
            f"{quote(text)} is above 1 as a fraction: did you mean '{m['num']}%'? "
            f"accepted: {examples}"
        )
    if monthly and value <= -1:
        raise ParseError(f"{quote(text)} would shrink below nothing; accepted: {examples}")
    if not monthly and not 0 <= value <= 1:
        raise ParseError(f"{quote(text)} is outside 0–100%; accepted: {examples}")
    return value + 0.0
