"""Hypothesis strategies for the typed-answer parsers, in one place."""

from __future__ import annotations

from hypothesis import strategies as st

#: Fragments people (and pasted logs) type, including the numbers floats cannot hold.
FRAGMENTS = (
    "50k", "2.5M", "1,200", "1_000", "1.2e6", "3 million", "$1.03/hr", "$3,600/month", "3%",
    "0.03", "18 months", "2x", "a10g", "h100", "gpt-4o", "7b", "qlora", "spot", "auto",
    "tokens/day", "requests", "a day", "in", "out", "and", ",", ";", "/", "per", "volume",
    "x2", "rate", "review rate", "$", "%", "1e309", "-1e309", "nan", "NaN", "inf", "-inf",
    "Infinity", "-0", "0", "1e-400", "9" * 400, "", " ", "\t", "\n", "\x00", "\u200b",
    "\u00a0", "１２ｋ", "−5", "—", "é", "İ", "ﷺ", "💸", "?", "what if",
)

#: Any text: arbitrary unicode (control characters included), or joined fragments.
any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join),
)

#: Counts as the engine holds them: whole and fractional, tiny and huge, never negative.
counts = st.one_of(
    st.integers(min_value=0, max_value=10**15).map(float),
    st.floats(min_value=0, max_value=1e300, allow_nan=False, allow_infinity=False),
)

#: Dollar amounts: cents, fractions of a cent (per-token prices), large budgets.
amounts = st.one_of(
    st.decimals(min_value=0, max_value=10**9, places=2).map(float),
    st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
)

MONEY_UNITS = ("USD/hour", "USD/month", "USD/1M tokens", "USD/review", "USD/run", "USD")
