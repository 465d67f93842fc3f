"""Tokens per day and an in/out split, mapped onto requests/day × tokens per request.

The engine's workload is requests/day with average input and output tokens per request:
requests count on their own (human review is paid per request, prices are tiered by request
size). ``2.5M tokens/day`` (T) is mapped with what else the answer gives — requests/day (R),
input (I) or output (O) tokens per request, a request size (P, "1,000 tokens per request"),
an input share (s, "70% input", "70/30") — in this order:

1. R typed: tokens per request = T/R, split by I or O if typed, else by s.
2. P typed: R = T/P, split by I, O or s.
3. I and O typed: R = T/(I+O). I (or O) and s typed: R = T·s/I (or T·(1−s)/O).
4. Otherwise the draft's current request size is kept: R = T/(I+O) with the current I and
   O, re-split by s when typed. The echo says which rule was used.

Where no split is typed, the current draft's in/out mix is kept. Figures that contradict
each other (R·(I+O) ≠ T) are refused, not averaged.

>>> daily = map_daily_tokens(2.5e6, split=0.7, size=1000, typed={}, current={})
>>> daily.values[REQUESTS], daily.values[INPUT], daily.values[OUTPUT]
(2500.0, 700.0, 300.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.quantity import read_count
from bot.dialogue.parse.text import ParseError, clean, show_number, show_percent, strip_fillers

__all__ = ["INPUT", "OUTPUT", "REQUESTS", "DailyTokens", "map_daily_tokens", "read_daily_tokens",
           "read_request_size", "read_split"]

REQUESTS = "workload.requests_per_day"
INPUT = "workload.avg_input_tokens_per_request"
OUTPUT = "workload.avg_output_tokens_per_request"

_IN = r"(?:in|input|inputs|prompt|prompts)"
_OUT = r"(?:out|output|outputs|completion|completions)"
_SIDE = rf"(?:{_IN}|{_OUT})"
_P = r"[0-9]{1,3}(?:\.[0-9]{1,4})?"
_ONE_SHARE = lazy(rf"^(?:(?P<s1>{_SIDE}) )?(?P<p>{_P}) ?%(?: (?P<s2>{_SIDE}))?$")
_TWO_SHARES = lazy(
    rf"^(?:(?P<s0>{_SIDE}) ?/ ?{_SIDE} )?(?P<p>{_P}) ?%? ?(?:(?P<s1>{_SIDE}) ?)?(?:[/:]|and)"
    rf" ?(?P<q>{_P}) ?%?(?: ?{_SIDE})?$"
)
_NOISE = lazy(r"\b(?:split|share|mix|ratio|tokens|of|is|are|it|the)\b")


def read_daily_tokens(text: str) -> tuple[float, str] | None:
    """Tokens per period (``2.5M tokens/day``, ``75M tokens a month``) as tokens/day."""
    try:
        value, note = read_count(text, unit="tokens/day")
    except ParseError:
        return None
    for other in ("requests/day", "tokens/request"):
        try:
            read_count(text, unit=other)
        except ParseError:
            continue
        return None  # a bare number, or tokens per request: not a daily volume of tokens
    return value, note


def read_split(text: str) -> float | None:
    """The input share of tokens: ``70% input``, ``30% output``, ``70/30``, ``in/out 70:30``."""
    s = " ".join(_NOISE.sub(" ", strip_fillers(clean(text))).split())
    one = _ONE_SHARE.match(s)
    if one:
        side = one["s1"] or one["s2"]
        share = float(one["p"]) / 100
        if side is None or not 0 <= share <= 1:
            return None
        return share if re.fullmatch(_IN, side) else 1 - share
    two = _TWO_SHARES.match(s)
    if two:
        p, q = float(two["p"]), float(two["q"])
        if not math.isclose(p + q, 100, abs_tol=0.5):
            return None
        reverse = bool(re.fullmatch(_OUT, two["s0"] or two["s1"] or "in"))
        return (q if reverse else p) / (p + q)
    return None


def read_request_size(text: str) -> float | None:
    """A whole request's tokens, neither input nor output: ``1,000 tokens per request``."""
    s = clean(text)
    if re.search(rf"\b{_SIDE}\b", s) or not re.search(r"\b(?:request|req|call)s?\b", s):
        return None
    try:
        return read_count(text, unit="tokens/request")[0]
    except ParseError:
        return None


@dataclass(frozen=True)
class DailyTokens:
    values: dict[str, float]
    echo: list[str]


def map_daily_tokens(
    daily: float,
    *,
    split: float | None,
    size: float | None,
    typed: Mapping[str, object],
    current: Mapping[str, object],
    note: str = "",
) -> DailyTokens:
    """Requests/day and tokens per request for ``daily`` tokens a day (rules in the module).

    Arithmetic is on the decimals as typed (``Fraction(repr(x))``), so 70% of 1,000 is 700.
    """
    shown = f"{show_number(daily)} tokens/day" + (f" ({note})" if note else "")
    r, i, o = (_exact(typed.get(p)) for p in (REQUESTS, INPUT, OUTPUT))
    cur_i, cur_o = _exact(current.get(INPUT)), _exact(current.get(OUTPUT))
    share = _exact(split)
    how = "your split"
    if share is None and i is None and o is None and cur_i is not None and cur_o is not None \
            and cur_i + cur_o > 0:
        share, how = cur_i / (cur_i + cur_o), "the current in/out mix"
    per_request, rule = _request_size(_exact(daily) or Fraction(0), r, _exact(size), i, o, share,
                                      cur_i, cur_o, shown)
    notes = {INPUT: "", OUTPUT: ""}
    if i is not None and o is not None:
        if abs(i + o - per_request) > per_request / 100:
            raise ParseError(
                f"{shown} at {show_number(float(per_request))} tokens per request ({rule}) "
                f"disagrees with {show_number(float(i))} in + {show_number(float(o))} out; "
                "give two of them"
            )
    elif i is not None:
        o, notes[OUTPUT] = per_request - i, " (the rest of the request)"
    elif o is not None:
        i, notes[INPUT] = per_request - o, " (the rest of the request)"
    elif share is not None:
        i, o = per_request * share, per_request * (1 - share)
        notes[INPUT] = f" ({_pct(share)}: {how})"
    else:
        raise ParseError(f"{shown}: give the in/out split too, e.g. '70% input' or '70/30'")
    if min(i, o) < 0:
        raise ParseError(f"{shown}: {rule} leaves no room for the other side of the request")
    if split is not None and abs(i / per_request - Fraction(repr(split))) > Fraction(1, 100):
        raise ParseError(f"{shown}: {show_number(float(i))} in + {show_number(float(o))} out "
                         f"per request is not your {_pct(Fraction(repr(split)))} input split; "
                         "give one of them")
    requests = float(Fraction(repr(daily)) / per_request)
    echo = [f"requests/day: {show_number(requests)} ({shown} ÷ "
            f"{show_number(float(per_request))} tokens per request, {rule})",
            f"input tokens/request: {show_number(float(i))}{notes[INPUT]}",
            f"output tokens/request: {show_number(float(o))}{notes[OUTPUT]}"]
    return DailyTokens({REQUESTS: requests, INPUT: float(i), OUTPUT: float(o)}, echo)


def _request_size(daily: Fraction, r: Fraction | None, size: Fraction | None,
                  i: Fraction | None, o: Fraction | None, share: Fraction | None,
                  cur_i: Fraction | None, cur_o: Fraction | None,
                  shown: str) -> tuple[Fraction, str]:
    """Tokens per request, and which of the module's rules gave it."""
    if r is not None:
        if r <= 0:
            raise ParseError(f"{shown} cannot come from {show_number(float(r))} requests a day")
        found, rule = daily / r, "from your requests/day"
    elif size is not None:
        found, rule = size, "your request size"
    elif i is not None and o is not None:
        found, rule = i + o, "your input + output"
    elif i is not None and share:
        found, rule = i / share, f"{show_number(float(i))} input tokens at {_pct(share)}"
    elif o is not None and share is not None and share < 1:
        found, rule = o / (1 - share), f"{show_number(float(o))} output tokens at {_pct(1 - share)}"
    elif cur_i is not None and cur_o is not None and cur_i + cur_o > 0:
        found, rule = cur_i + cur_o, "the current request size"
    else:
        raise ParseError(f"{shown} needs requests/day or a request size to map onto "
                         "requests × tokens per request; add e.g. '80k requests a day' or "
                         "'1,000 tokens per request'")
    if found <= 0:
        raise ParseError(f"{shown} cannot be served by requests of 0 tokens")
    return found, rule


def _pct(share: Fraction) -> str:
    return show_percent(float(share))


def _exact(value: object) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return Fraction(repr(float(value)))


