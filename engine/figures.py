"""The one rounding rule for every figure ftroi shows, in the terminal and in Slack.

The engine computes in full precision; these functions round once, at presentation. They
live in the engine because the engine writes sentences too (the recommendation's reasons,
the warnings, the break-even and flip-point reasons, the assumptions' sources), and a
figure in a sentence must read as it does in the report beside it.

=================  ==========================================================  ================
what               rule                                                        examples
=================  ==========================================================  ================
money              cents below $10,000; whole dollars from $10,000             $1,483.20,
                   (the rounded value decides, so $9,999.996 is $10,000);      $225,000,
                   from $1 billion, as tokens below; a minus sign before       -$2,004.00,
                   the dollar sign                                             $1.23B
unit price         $/1M tokens, $/hour: cents from $1; below $1, three         $2.50, $0.286,
                   significant figures (with at least cents); below            $0.0572,
                   $0.0001, "<$0.0001"                                         <$0.0001
tokens             three significant figures with k, M, B or T; no trailing    24.7M, 2.47M,
                   zeros; from 10¹⁵ (growth compounded for decades) a power    850k, 10M,
                   of ten                                                      1.23e15
quantity           tokens/s, hours: whole numbers with commas from 100;        5,000, 578,
                   three significant figures below                             13.6, 0.25
months             one decimal; None or infinity is "never"                    4.6 months
percent            three significant figures, at most two decimals; a          20%, 2.5%,
                   non-zero share that rounds to zero is "<0.01%"              2.02%, 91.2%
=================  ==========================================================  ================

"never" stands for a payback that does not come; "none" for a break-even that does not
exist. A figure that overflowed is "∞"; one that is undefined is "n/a". Every surface (the
engine's own sentences, the text report, Slack's blocks, exports meant for people) uses
these functions, so the same figure reads the same everywhere.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "MONEY_CENTS_BELOW",
    "MONEY_COMPACT_FROM",
    "NEVER",
    "UNIT_PRICE_FLOOR",
    "count",
    "in_unit",
    "months",
    "percent",
    "quantity",
    "signed_usd",
    "tokens",
    "unit_usd",
    "usd",
]

MONEY_CENTS_BELOW = 10_000
MONEY_COMPACT_FROM = 1e9
UNIT_PRICE_FLOOR = 1e-4
NEVER = "never"
_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_POWER_FROM = 1e15


_WIDE = Context(prec=400)  # enough digits for any float (read only: never made current)


def _round(value: float, places: int) -> Decimal:
    """Round half up (as people do on paper, not to even), from the shortest decimal."""
    return Decimal(repr(float(value))).quantize(Decimal((0, (1,), -places)),
                                                rounding=ROUND_HALF_UP, context=_WIDE)


def _not_finite(value: float) -> str | None:
    """The text for an overflowed or undefined figure, None for an ordinary one."""
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return None


def _compact(value: float) -> str:
    """Three significant figures with k, M, B or T; a power of ten from 10¹⁵.

    >>> _compact(24_720_000), _compact(999_999), _compact(3.2e9), _compact(1.234e28)
    ('24.7M', '1M', '3.2B', '1.23e28')
    """
    rounded = _significant(value, 3)
    if abs(rounded) >= _POWER_FROM:
        mantissa, exponent = f"{rounded:.2e}".split("e")
        return f"{_strip(mantissa)}e{int(exponent)}"
    for size, suffix in _SUFFIXES:
        if abs(rounded) >= size:
            return _strip(f"{rounded / size:.2f}") + suffix
    return _strip(f"{rounded:.2f}")


def _significant(value: float, figures: int) -> float:
    """``value`` rounded to ``figures`` significant figures, half up.

    >>> _significant(24_720_000, 3), _significant(0.057204, 3), _significant(999_999, 3)
    (24700000.0, 0.0572, 1000000.0)
    """
    if value == 0 or not math.isfinite(value):
        return value
    places = figures - 1 - math.floor(math.log10(abs(value)))
    return float(_round(value, places))


def _strip(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd(value: float) -> str:
    """Money: cents below $10,000, whole dollars from there.

    >>> usd(1483.2), usd(2966.4), usd(741.6), usd(0.322)
    ('$1,483.20', '$2,966.40', '$741.60', '$0.32')
    >>> usd(225_000), usd(19_839.4), usd(9_999.996), usd(-2004)
    ('$225,000', '$19,839', '$10,000', '-$2,004.00')
    >>> usd(-0.001), usd(1.234e9), usd(float("inf"))
    ('$0.00', '$1.23B', '$∞')
    """
    odd = _not_finite(value)
    if odd is not None:
        return odd.replace("∞", "$∞")
    cents = _round(value, 2)
    if abs(value) >= MONEY_COMPACT_FROM:
        text = _compact(abs(value))
    elif abs(cents) >= MONEY_CENTS_BELOW:
        text = f"{abs(_round(value, 0)):,.0f}"
    else:
        text = f"{abs(cents):,.2f}"
    return ("-" if cents < 0 else "") + "$" + text


def signed_usd(value: float) -> str:
    """Money with its sign always written: for deltas such as the review cost.

    >>> signed_usd(600), signed_usd(-2004), signed_usd(0)
    ('+$600.00', '-$2,004.00', '$0.00')
    """
    text = usd(value)
    return text if text.startswith("-") or text == "$0.00" else "+" + text


def unit_usd(value: float) -> str:
    """A unit price ($/1M tokens, $/hour): cents from $1, three significant figures below.

    >>> unit_usd(2.5), unit_usd(1.7361), unit_usd(0.057204), unit_usd(0.2861), unit_usd(0.1)
    ('$2.50', '$1.74', '$0.0572', '$0.286', '$0.10')
    >>> unit_usd(0.29), unit_usd(0.9996), unit_usd(-0.5), unit_usd(5.7e-8)
    ('$0.29', '$1.00', '-$0.50', '<$0.0001')
    >>> unit_usd(0), unit_usd(12_400)
    ('$0.00', '$12,400.00')
    """
    odd = _not_finite(value)
    if odd is not None:
        return odd.replace("∞", "$∞")
    if abs(value) >= 1 or value == 0:
        return ("-" if value < 0 else "") + f"${abs(_round(value, 2)):,.2f}"
    if abs(value) < UNIT_PRICE_FLOOR:
        return "<$0.0001" if value > 0 else ">-$0.0001"
    rounded = _significant(abs(value), 3)
    text = f"{rounded:.{max(2, 2 - math.floor(math.log10(rounded)))}f}"
    whole, decimals = text.split(".")
    decimals = decimals[:2] + decimals[2:].rstrip("0")
    return ("-" if value < 0 else "") + f"${whole}.{decimals}"


def tokens(value: float) -> str:
    """A token count or rate: three significant figures with k, M, B or T.

    >>> tokens(24_720_000), tokens(2_472_000), tokens(850_000), tokens(10_000_000)
    ('24.7M', '2.47M', '850k', '10M')
    >>> tokens(999_999), tokens(700), tokens(0), tokens(3.2e9), tokens(float("inf"))
    ('1M', '700', '0', '3.2B', '∞')
    """
    return _not_finite(value) or _compact(value)


def quantity(value: float) -> str:
    """A plain quantity (tokens/s, hours, GPUs): commas from 100, three figures below.

    >>> quantity(5000), quantity(578.7037), quantity(13.6275), quantity(0.25), quantity(2.0)
    ('5,000', '579', '13.6', '0.25', '2')
    """
    odd = _not_finite(value)
    if odd is not None:
        return odd
    if abs(value) >= 100:
        return f"{_round(value, 0):,.0f}"
    return _strip(f"{_significant(value, 3):.2f}") if value else "0"


def count(value: float) -> str:
    """A whole count with commas.

    >>> count(50_000), count(8)
    ('50,000', '8')
    """
    return _not_finite(value) or f"{_round(value, 0):,.0f}"


def months(value: float | None) -> str:
    """A number of months to one decimal, or "never".

    >>> months(4.5764), months(1.0), months(None), months(float("inf")), months(18)
    ('4.6 months', '1.0 month', 'never', 'never', '18.0 months')
    """
    if value is None or not math.isfinite(value):
        return NEVER
    text = f"{_round(value, 1):,.1f}"
    return f"{text} month" if text == "1.0" else f"{text} months"


def percent(share: float) -> str:
    """A share (0.05 is 5%): three significant figures, at most two decimals.

    >>> percent(0.2), percent(0.05), percent(0.025), percent(0.0202), percent(0.91234)
    ('20%', '5%', '2.5%', '2.02%', '91.2%')
    >>> percent(0), percent(0.00001), percent(1.2345), percent(-0.03)
    ('0%', '<0.01%', '123%', '-3%')
    """
    value = share * 100
    odd = _not_finite(value)
    if odd is not None:
        return odd if odd == "n/a" else f"{odd}%"
    if value == 0:
        return "0%"
    rounded = _significant(value, 3)
    text = _strip(f"{_round(rounded, 2):.2f}")
    if text in ("0", "-0"):
        return "<0.01%" if value > 0 else ">-0.01%"
    return f"{text}%"


_SHARE_UNITS = ("fraction", "share")
_MONEY_UNITS = ("$", "USD")


def in_unit(value: float | str | None, unit: str) -> str:
    """A value with its unit, by the rules above: money, shares and tokens by their kind.

    >>> in_unit(0.2, "fraction"), in_unit(0.15, "share of hours"), in_unit(742, "$/month")
    ('20%', '15%', '$742.00/month')
    >>> in_unit(1.03, "$/hour (1× a10g)"), in_unit(3.1, "USD/hour"), in_unit(5, "$")
    ('$1.03/hour (1× a10g)', '$3.10/hour', '$5.00')
    >>> in_unit(76_800_000, "tokens"), in_unit(5000, "tokens/s"), in_unit(50_000, "requests/day")
    ('76.8M tokens', '5,000 tokens/s', '50,000 requests/day')
    >>> in_unit("7B lora a10g", ""), in_unit(None, "$/hour"), in_unit(18, "months")
    ('7B lora a10g', '—', '18 months')
    """
    unit = unit.strip()
    if value is None:
        return "—"
    if isinstance(value, str):
        return f"{value} {unit}".strip()
    if unit.startswith(_SHARE_UNITS):
        return percent(value)
    for prefix in _MONEY_UNITS:
        if unit.startswith(prefix):
            rest = unit.removeprefix(prefix).strip()
            money = usd(value) if rest in ("", "/month") else unit_usd(value)
            return money + rest if rest.startswith("/") else f"{money} {rest}".strip()
    if unit == "tokens":
        return f"{tokens(value)} tokens"
    if unit == "requests/day":
        return f"{count(value)} requests/day"
    return f"{quantity(value)} {unit}".strip()
