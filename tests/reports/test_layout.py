"""Terminal columns (bot.reports.layout.text_width): ASCII by its length, the rest by Unicode."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.reports.layout import text_width


def by_unicode(text: str) -> int:
    """Each character's columns from its Unicode properties, one by one."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def test_every_ascii_character_is_one_column_as_unicode_says():
    every = "".join(map(chr, range(128)))
    assert text_width(every) == by_unicode(every) == 128


@given(st.text())
def test_any_text_takes_the_columns_its_characters_do(text: str) -> None:
    assert text_width(text) == by_unicode(text)


def test_wide_and_combining_characters_outside_ascii():
    assert text_width("Support bot 客服") == 16
    assert text_width("cafe\u0301 au lait") == 12
