"""bot.slack.limits: truncation on grapheme boundaries, mrkdwn escaping, line packing."""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from views_support import NASTY_NAMES, names, units

from bot.slack.limits import (
    ELLIPSIS,
    escape_code,
    escape_mrkdwn,
    fit_lines,
    graphemes,
    mrkdwn_text,
    one_line,
    slack_len,
    split_lines,
    truncate,
    truncate_mrkdwn,
)

limits = st.integers(min_value=1, max_value=400)

_LOOKALIKES = {"\u2217": "*", "\u02cd": "_", "\u223c": "~", "\u02cb": "`"}


def _plain(text: str) -> str:
    """Look-alikes read as what they stand for; a soft hyphen before a quote dropped."""
    text = re.sub(r"(^|[\n\r])(\s*)\u00ad>", r"\1\2>", text)
    return "".join(_LOOKALIKES.get(ch, ch) for ch in text)


def unescape(text: str) -> str:
    """What a reader sees of escaped mrkdwn (compare it with ``_plain(typed)``)."""
    return _plain(html.unescape(text))


@given(names, limits)
def test_truncate_fits_and_keeps_whole_graphemes(text: str, limit: int) -> None:
    out = truncate(text, limit)
    assert units(out) <= limit
    if units(text) <= limit:
        assert out == text
    else:
        assert out.endswith(ELLIPSIS)
        kept = out.removesuffix(ELLIPSIS)
        clusters = graphemes(text)
        joined = ""
        for cluster in clusters:  # the kept part is whole clusters of the original
            if len(joined) >= len(kept.rstrip()):
                break
            joined += cluster
        assert joined.rstrip() == kept.rstrip() or kept == ""


@given(names)
def test_graphemes_cover_the_text_and_never_start_with_a_mark(text: str) -> None:
    clusters = graphemes(text)
    assert "".join(clusters) == text
    for cluster in clusters[1:]:
        assert unicodedata.category(cluster[0]) not in ("Mn", "Me")
        assert cluster[0] != "\u200d"


def test_graphemes_keep_emoji_sequences_and_flags_whole() -> None:
    family = "👩\u200d👩\u200d👧\u200d👦"
    assert graphemes(f"{family}🇫🇷🇩🇪👍🏽e\u0301\r\n") == [
        family, "🇫🇷", "🇩🇪", "👍🏽", "e\u0301", "\r\n"]
    assert truncate("🇫🇷🇩🇪🇮🇹", 6) == "🇫🇷…"  # never half a flag


@given(names)
def test_escaped_mrkdwn_has_no_markup_and_reads_as_typed(text: str) -> None:
    out = escape_mrkdwn(text)
    assert "<" not in out and ">" not in out
    assert re.sub(r"&(amp|lt|gt);", "", out).count("&") == 0
    without_codes = re.sub(r":[a-z0-9][a-z0-9_+'-]*:", "", out)
    assert not set("*~`") & set(without_codes)
    assert "_" not in without_codes
    assert unescape(out) == _plain(text)


@given(names, limits)
def test_mrkdwn_text_fits_and_never_cuts_an_entity(text: str, limit: int) -> None:
    out = mrkdwn_text(text, limit)
    assert units(out) <= limit
    assert not re.search(r"&(?:a|am|amp|l|lt|g|gt)?$", out.removesuffix(ELLIPSIS))
    shown = unescape(out.removesuffix(ELLIPSIS)).rstrip()
    assert _plain(text).startswith(shown) or out == ""


def test_truncate_mrkdwn_keeps_mentions_and_dates_whole() -> None:
    text = "by <@U0123ABCDE> on <!date^1700000000^{date_short_pretty}|2023-11-14> ok"
    for limit in range(1, len(text)):
        out = truncate_mrkdwn(text, limit)
        assert units(out) <= limit
        assert out.count("<") == out.count(">")


@given(st.lists(names, max_size=30), st.integers(min_value=8, max_value=600))
def test_split_lines_loses_nothing_and_fits(lines: list[str], limit: int) -> None:
    clean = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    chunks = split_lines(clean, limit)
    assert all(units(c) <= limit for c in chunks)
    assert "".join("".join(chunks).split("\n")) == "".join(clean)


def test_fit_lines_counts_what_it_leaves_out() -> None:
    lines = [f"line {i}" for i in range(100)]
    out = fit_lines(lines, 60, more=lambda n: f"+{n} more")
    assert units(out) <= 60
    shown = out.count("line ")
    assert out.endswith(f"+{100 - shown} more")


def test_one_line_and_code() -> None:
    assert one_line("a\n\tb\x00c\u2028 d ") == "a b c d"
    assert escape_code("x < y && `z`") == "x &lt; y &amp;&amp; \u02cbz\u02cb"


def test_length_is_utf16() -> None:
    for name in NASTY_NAMES:
        assert slack_len(name) == units(name) >= len(name)
