"""Money as people type it, in US dollars, converted to the field's unit.

A field's unit is one of ``USD/hour``, ``USD/month``, ``USD/1M tokens``, ``USD/review``,
``USD/run`` or ``USD``. A bare amount is in the field's unit. Amounts per another period of
the same kind are converted with a month of 720 hours (PRODUCT.md §5) or per-1K/per-token
prices scaled to per-1M, and the note says so. ``/m`` means per million tokens for a token
price and is refused for a time price (month or million?).

>>> parse_money("$1.03/hr"), parse_money("$2.50 per million tokens", unit="USD/1M tokens")
(1.03, 2.5)
>>> read_money("$3,600/month", unit="USD/hour")
(5.0, 'from $3,600/month at 720 h/month')

A person's pay is per *working* hour: with ``working_hours_per_year`` (2,080 by
:data:`WORKING_HOURS_PER_YEAR`: 40 hours a week, 52 weeks) a year is that many hours, a month
a twelfth of it, a week 40 hours and a day 8, and the note says so.

>>> read_money("$200k/year", unit="USD/hour", working_hours_per_year=2080)
(96.15384615384616, 'from $200,000/year at 2,080 working hours a year')
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
    strip_fillers,
    usd,
)

__all__ = ["MONEY_UNITS", "WORKING_HOURS_PER_YEAR", "parse_money", "read_money",
           "working_hours"]

WORKING_HOURS_PER_YEAR = 2080
"""The working year a salary or an engineer-month is converted with: 40 h × 52 weeks. A
setting: ``ftroi roi --working-hours-per-year`` changes it, and every echo states it."""


def working_hours(period: str, per_year: float = WORKING_HOURS_PER_YEAR) -> Fraction:
    """Working hours in one ``period`` (hour, day, week, month, year) of a working year.

    >>> working_hours("week"), float(working_hours("month"))
    (Fraction(40, 1), 173.33333333333334)
    """
    year = Fraction(per_year)
    return {"hour": Fraction(1), "day": year / 260, "week": year / 52, "month": year / 12,
            "year": year}[period]

_TIME = {  # hours in one
    ("hour", "hr", "hrs", "h", "gpu hour", "gpu-hour", "gpu-hr", "instance hour",
     "instance-hour", "node hour"): Fraction(1),
    ("day", "d"): Fraction(24),
    ("week", "wk"): Fraction(168),
    ("month", "mo", "mon", "mth"): Fraction(720),
    ("year", "yr", "y"): Fraction(8640),
}
_TOKENS = {  # tokens in one
    ("1m tokens", "1m token", "1m tok", "1m", "1 million tokens", "1 million", "million tokens",
     "million", "mtok", "mtoks", "m tokens", "m"): Fraction(10**6),
    ("1k tokens", "1k token", "1k tok", "1k", "k tokens", "thousand tokens", "1,000 tokens",
     "thousand", "k"): Fraction(10**3),
    ("token", "tok"): Fraction(1),
}
_EVENTS = {("review",): "review", ("run", "training run"): "run", ("request", "req", "call"):
           "request"}
_PERIODS: dict[str, tuple[str, Fraction]] = {
    **{w: ("time", n) for ws, n in _TIME.items() for w in ws},
    **{w: ("tokens", n) for ws, n in _TOKENS.items() for w in ws},
    **{w: (e, Fraction(1)) for ws, e in _EVENTS.items() for w in ws},
}
_ADVERBS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
            "yearly": "year", "annually": "year", "each": "each", "apiece": "each",
            "a piece": "each"}
MONEY_UNITS: dict[str, tuple[str | None, Fraction]] = {
    "USD/hour": ("time", Fraction(1)),
    "USD/month": ("time", Fraction(720)),
    "USD/1M tokens": ("tokens", Fraction(10**6)),
    "USD/review": ("review", Fraction(1)),
    "USD/run": ("run", Fraction(1)),
    "USD": (None, Fraction(1)),
}
_EXAMPLES = {
    "USD/hour": "'$1.03/hr', '1.03 $/h', '$150 an hour', '150/h', '$3,600/month'",
    "USD/month": "'$742/month', '$742', '$1.03/h'",
    "USD/1M tokens": "'$2.5/1M', '$2.50 per million tokens', '$0.0025/1K tokens', '2.5'",
    "USD/review": "'$5', '5 dollars', '$5 per review', '50 cents'",
    "USD/run": "'$500', '$500 per run', '$1.2k'",
    "USD": "'$5', '5 dollars', '$1,200', '$1.2k'",
}
_PER_ALTS = "|".join(re.escape(w) for w in sorted(_PERIODS, key=len, reverse=True))
_ADVERB_ALTS = "|".join(re.escape(w) for w in sorted(_ADVERBS, key=len, reverse=True))
_MONEY = lazy(
    rf"^(?P<pre>us ?\$|usd ?|\$)? ?(?P<num>{NUMBER}){SCALE}? ?"
    r"(?P<suf>\$|usd|us dollars?|dollars?|bucks|(?P<cents>cents?|¢|c))?(?![a-z]) ?"
    rf"(?:(?:/ ?|per |an? |each |every |for (?:an? |each |every )?)(?P<per>{_PER_ALTS})s?"
    rf"(?![a-z])|(?P<adverb>{_ADVERB_ALTS})(?![a-z]))?$"
)
_OTHER_CURRENCY = lazy(
    r"[€£¥₹]|\b(?:eur|euros?|gbp|pounds?|yen|jpy|inr|rupees?|chf|cad|aud)\b"
)


def read_money(text: str, *, unit: str = "USD/hour",
               working_hours_per_year: float | None = None) -> tuple[float, str]:
    """An amount in the field's ``unit`` and a note on any conversion (empty when none).

    ``working_hours_per_year``: convert periods of time in working hours (a person's pay),
    not in hours of the clock (an instance that runs 24/7)."""
    if unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {unit!r}; known: {', '.join(MONEY_UNITS)}")
    accepted = f"accepted for {unit}: {_EXAMPLES[unit]}"
    s = strip_fillers(clean(text))
    if _OTHER_CURRENCY.search(s):
        raise ParseError(f"{quote(text)}: ftroi works in US dollars; {accepted}")
    m = _MONEY.match(s)
    if not m:
        raise ParseError(f"could not read {quote(text)} as an amount; {accepted}")
    value = number_value(m["num"], m["scale"], text)
    if m["cents"]:
        value = float(Fraction(value) / 100)
    if value < 0:
        raise ParseError(f"{quote(text)} is negative; {accepted}")
    want_dim, want_size = MONEY_UNITS[unit]
    if m["adverb"]:
        word = _ADVERBS[m["adverb"]]
        if word == "each":
            if want_dim in ("time", "tokens"):
                raise ParseError(f"{quote(text)} is a price each; {accepted}")
            return value + 0.0, ""
    elif m["per"]:
        word = m["per"]
    else:
        return value + 0.0, ""
    if word == "m" and want_dim != "tokens":
        raise ParseError(f"{quote(text)}: '/m' could be per month or per million; {accepted}")
    dim, size = _PERIODS[word]
    if want_dim is None and dim not in ("time", "tokens"):
        return value + 0.0, ""
    if dim != want_dim:
        per = {"time": word, "tokens": f"{word} tokens"}.get(dim, dim)
        raise ParseError(f"{quote(text)} is per {per}, but this asks for {unit}; {accepted}")
    if size == want_size:
        return value + 0.0, ""
    if dim == "time" and working_hours_per_year is not None:
        return _per_working_time(value, size, want_size, working_hours_per_year)
    converted = float(Fraction(value) * want_size / size)
    if dim == "time":
        big, small = (size, want_size) if size > want_size else (want_size, size)
        ratio = f"{float(big / small):,g} {_PLURAL[small]}/{_SINGULAR[big]}"
        return converted, f"from {usd(value)}/{_SINGULAR[size]} at {ratio}"
    tokens = "token" if size == 1 else f"{int(size):,} tokens"
    return converted, f"from {usd(value)} per {tokens}"


_SINGULAR = {Fraction(1): "hour", Fraction(24): "day", Fraction(168): "week",
             Fraction(720): "month", Fraction(8640): "year"}
_PLURAL = {Fraction(1): "h", Fraction(24): "days", Fraction(168): "weeks",
           Fraction(720): "months", Fraction(8640): "years"}


def _per_working_time(value: float, size: Fraction, want: Fraction,
                      per_year: float) -> tuple[float, str]:
    typed, wanted = _SINGULAR[size], _SINGULAR[want]
    hours_typed, hours_wanted = working_hours(typed, per_year), working_hours(wanted, per_year)
    converted = float(Fraction(value) * hours_wanted / hours_typed)
    year = f"{float(per_year):,g} working hours a year"
    if typed == "year" or wanted == "year":
        return converted, f"from {usd(value)}/{typed} at {year}"
    period = typed if typed != "hour" else wanted
    hours = float(working_hours(period, per_year))
    return converted, f"from {usd(value)}/{typed} at {hours:,.4g} h a {period}, {year}"


def parse_money(text: str, *, unit: str = "USD/hour") -> float:
    """An amount of US dollars in the field's unit; a bare amount is in that unit."""
    return read_money(text, unit=unit)[0]
