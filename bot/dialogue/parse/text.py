"""The common ground of the typed-answer parsers: the error, clean-up, numbers, display.

Every parser reads text a person typed. Text that cannot be read raises :class:`ParseError`,
whose message quotes what was typed and says what is accepted, with examples. Nothing is
guessed silently: a reading that rests on a convention (a month of 30 days, a bare number in
the field's unit) says so in its echo.

>>> number_value("2.5", "m", "2.5M"), number_value("1,200", None, "1,200")
(2500000.0, 1200.0)
>>> format_count(1234567.0), format_money(3600.0, "USD/month"), show_percent(0.025)
('1,234,567', '$3,600.00/month', '2.5%')
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from bot.dialogue.parse.lazy_pattern import lazy

__all__ = [
    "MAX_CHARS",
    "NUMBER",
    "SCALE",
    "ParseError",
    "clean",
    "format_count",
    "format_money",
    "number_value",
    "quote",
    "remove_words",
    "show_money",
    "show_number",
    "show_percent",
    "strip_fillers",
    "usd",
    "vague_amount",
]

MAX_CHARS = 1000
"""The longest text any parser reads; longer answers are refused, not truncated."""


class ParseError(ValueError):
    """Typed text that could not be read; the message quotes it and says what is accepted."""


_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
}
_SCALES = {
    "hundred": 10**2, "k": 10**3, "thousand": 10**3,
    "m": 10**6, "mm": 10**6, "mn": 10**6, "mln": 10**6, "mil": 10**6, "million": 10**6,
    "b": 10**9, "bn": 10**9, "billion": 10**9, "trillion": 10**12,
}
_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?|\.[0-9]+"
_SCALE_WORDS = "|".join(sorted(_SCALES, key=len, reverse=True))
NUMBER = (
    rf"(?:[+-] ?)?(?:{_DIGITS})(?:e[+-]?[0-9]{{1,4}})?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    rf"|an?(?= (?:{_SCALE_WORDS})\b)"
)
"""A number as people type it: ``1,200``, ``1_000``, ``2.5``, ``.5``, ``1.2e6``, ``two``."""
SCALE = rf"(?: ?(?P<scale>{_SCALE_WORDS})(?![a-z0-9]))"
"""An optional multiplier after a number: ``k``, ``M``, ``million``, ``bn``…"""

_FILLERS = (
    "about", "around", "roughly", "approximately", "approx", "~", "≈", "some", "say", "maybe",
    "average", "avg", "on average", "an average of", "typically", "usually", "we have",
    "we do", "we get", "we see", "we pay", "it is", "it's", "is", "are", "of", "with", "and",
    "the", "at", "to", "=", ":", "plus", "using", "then", "so", "set", "make it",
    "we're on", "we are on", "we're using", "we are using", "we use", "we're at", "we are at",
    "currently", "currently on", "right now", "today we use", "today",
    "give or take", "more or less", "ish", "loaded", "fully loaded", "all in", "all-in",
)
_FILLER_RE = "|".join(re.escape(f) for f in sorted(_FILLERS, key=len, reverse=True))
_LEADING = lazy(rf"^(?:(?:{_FILLER_RE})(?:\s+|$|(?<=[~≈=:])))+", re.IGNORECASE)
_TRAILING = lazy(
    r"(?:\s+(?:with|and|of|the|at|to|on|or so|ish|loaded|fully loaded|all in|all-in|today"
    r"|right now|currently|give or take|more or less|roughly|or thereabouts))+$",
    re.IGNORECASE,
)
_SPOKEN = (  # spoken amounts, written as the number they stand for
    (lazy(r"(?<![a-z0-9])half an? (?=(?:thousand|million|billion|k|m|bn)(?![a-z]))"),
     "0.5 "),
    (lazy(r"(?<![a-z0-9])(?:a )?quarter of an? (?=(?:thousand|million|billion)\b)"),
     "0.25 "),
    (lazy(r"(?<![a-z0-9])half a dozen(?![a-z])"), "6"),
    (lazy(r"(?<![a-z0-9])(?:a )?couple(?: of)?(?![a-z])"), "2"),
    (lazy(r"(?<![a-z0-9.,])(?P<n>[0-9]+(?:\.[0-9]+)?|one|two|three|four|five|six|seven"
                r"|eight|nine|ten|eleven|twelve) dozen(?![a-z])"), lambda m: _dozens(m["n"])),
    (lazy(r"(?<![a-z0-9])(?:a )?dozen(?![a-z])"), "12"),
)
_VAGUE = lazy(
    r"(?<![a-z0-9])(?:(?:quite |just )?a few|few|several|a handful(?: of)?|a bunch(?: of)?"
    r"|lots(?: of)?|a lot(?: of)?|loads(?: of)?|tons(?: of)?|plenty(?: of)?|many|countless"
    r"|umpteen|(?:dozens|hundreds|thousands|millions|billions)(?: of)?)"
    rf"(?: (?:{'|'.join(sorted(_SCALES, key=len, reverse=True))}))?(?![a-z0-9])",
    re.IGNORECASE,
)


def _dozens(number: str) -> str:
    """``2 dozen`` as the number it stands for (``24``), written exactly."""
    exact = Decimal(_WORD_NUMBERS[number]) if number in _WORD_NUMBERS else Decimal(number)
    return format((exact * 12).normalize(), "f")


def vague_amount(text: str) -> str | None:
    """The words of ``text`` that give an amount without a figure ("a few hundred",
    "several", "dozens of"), as typed; ``None`` when there are none.

    >>> vague_amount("a few hundred requests a day"), vague_amount("80k requests")
    ('a few hundred', None)
    """
    m = _VAGUE.search(" ".join(text.split()))
    return m[0] if m else None


def clean(text: str, *, limit: int = MAX_CHARS, lower: bool = True) -> str:
    """Lower case, NFKC (full-width digits, non-breaking spaces), one space, no end mark."""
    if len(text) > limit:
        raise ParseError(
            f"{quote(text)} is too long ({len(text):,} characters); "
            f"answer in at most {limit:,} characters"
        )
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(ch)
        if category in ("Cc", "Zs", "Zl", "Zp"):
            out.append(" ")
        elif category == "Pd" or ch == "−":
            out.append("-")
        elif ch in "’‘ʼ`":
            out.append("'")
        elif not category.startswith("C"):
            out.append(ch)
    joined = "".join(out)
    cleaned = " ".join((joined.lower() if lower else joined).split())
    return cleaned.rstrip(".!?").strip()[: limit * 2]


def strip_fillers(text: str, *, spoken: bool = True) -> str:
    """Drop words around a value that carry nothing: ``about 80k`` → ``80k``; spoken amounts
    become numbers: ``half a million`` → ``0.5 million``, ``a couple of`` → ``2``, ``2
    dozen`` → ``24``. ``spoken=False`` keeps them as typed (a clause cut out of a sentence
    is still the person's words, which a refusal quotes).

    >>> strip_fillers("we're on about half a million"), strip_fillers("a couple of runs")
    ('0.5 million', '2 runs')
    >>> strip_fillers("about 2 dozen runs"), strip_fillers("about 2 dozen", spoken=False)
    ('24 runs', '2 dozen')
    """
    if spoken:
        for pattern, number in _SPOKEN:
            text = pattern.sub(number, text)
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", _LEADING.sub("", text)).strip()
    return text


def remove_words(lowered: str, words: Iterable[str]) -> str:
    """``lowered`` without ``words`` (each standing on its own; the longest first), spaced
    once: ``remove_words("we tried a smaller model", ["smaller model"])`` → ``"we tried a"``.

    >>> remove_words("same review rate as today", ["review rate", "review"])
    'same as today'
    """
    for word in sorted(words, key=len, reverse=True):
        lowered = re.sub(rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9])", " ", lowered)
    return " ".join(lowered.split())


def quote(text: str) -> str:
    """What the person typed, in quotes, on one line and at most 80 characters."""
    shown = "".join(
        "�" if unicodedata.category(ch).startswith("C") and not ch.isspace() else ch
        for ch in text
    )
    shown = " ".join(shown.split())
    if len(shown) > 80:
        shown = shown[:79] + "…"
    return f"'{shown}'"


def number_value(number: str, scale: str | None, typed: str, *, per: int = 1) -> float:
    """The value of a matched ``NUMBER`` and ``SCALE`` (divided by ``per``, exactly: a
    percent is ``per=100``); refuses what is not finite."""
    try:
        if number in _WORD_NUMBERS:
            exact = Decimal(_WORD_NUMBERS[number])
        else:
            exact = Decimal(number.replace(",", "").replace("_", "").replace(" ", ""))
        if scale:
            exact = exact * _SCALES[scale]
        value = float(exact / per)
    except (ArithmeticError, ValueError):
        value = math.inf
    if not math.isfinite(value):
        raise ParseError(f"{quote(typed)} is too large to be a number ftroi can use")
    return value + 0.0  # no negative zero


def show_number(value: float) -> str:
    """A number for people: ``80,000``, ``583.3``, ``0.25``."""
    if value.is_integer() and abs(value) < 1e15:
        return f"{value:,.0f}"
    if abs(value) >= 1e15:
        return f"{value:.4g}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:.3g}"


def show_percent(fraction: float) -> str:
    return f"{fraction * 100:.4g}%"


def usd(value: float) -> str:
    """Dollars for people: ``$150``, ``$1.03``, ``$0.057``."""
    if value.is_integer() and abs(value) < 1e15:
        return f"${value:,.0f}"
    if abs(value) >= 0.1 or value == 0:
        return f"${value:,.2f}"
    if abs(value) >= 1e-6:
        return "$" + f"{value:.8f}".rstrip("0")
    return f"${value:.3g}"


_UNIT_SUFFIX = {
    "USD": "", "USD/hour": "/hour", "USD/month": "/month", "USD/1M tokens": "/1M tokens",
    "USD/review": " per review", "USD/run": " per run",
}


def show_money(value: float, unit: str) -> str:
    return usd(value) + _UNIT_SUFFIX.get(unit, "")


def format_count(value: float) -> str:
    """A count written so that it reads back exactly (``parse_count(format_count(x)) == x``)."""
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


def format_money(value: float, unit: str = "USD") -> str:
    """An amount written so that it reads back exactly with ``parse_money(…, unit=unit)``."""
    digits = f"{value:,.2f}" if round(value, 2) == value else f"{value:,}"
    return f"${digits}{_UNIT_SUFFIX.get(unit, '')}"
