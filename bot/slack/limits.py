"""Block Kit's limits as named constants, and the helpers that keep any text inside them.

Every view builds its text through these helpers, so a message stays valid whatever it is
given: an 80-character name of emoji and ``<>&*_~``, 500 scenarios, twenty warnings.

* **Length** is counted in UTF-16 code units (:func:`slack_len`), as JavaScript counts it;
  that is never less than Python's ``len``, so a text that fits here fits for slack_sdk too.
* **Truncation** (:func:`truncate`) cuts between grapheme clusters — never inside an emoji
  sequence, a flag or a letter with its accents — and ends with "…".
* **mrkdwn** (:func:`escape_mrkdwn`): ``&``, ``<`` and ``>`` become entities, as Slack asks.
  Text Slack parses but does not format — a message's top-level ``text`` (notifications,
  screen readers) and a file's ``initial_comment`` — gets the entities only
  (:func:`entities_text`): a scenario named ``<!channel>`` pings nobody.
  Slack has no escape for ``*``, ``_``, ``~`` and `````, so they become look-alikes
  (``∗ ˍ ∼ ˋ``, the choice jsx-slack documents) and a line that starts with ``>`` gets a soft
  hyphen first; emoji codes such as ``:white_check_mark:`` keep their underscores.

>>> truncate("Support bot 🇫🇷🇩🇪", 17)
'Support bot 🇫🇷…'
>>> escape_mrkdwn("*R&D* <team> :rocket_ship: a_b ~x~")
'∗R&amp;D∗ &lt;team&gt; :rocket_ship: aˍb ∼x∼'
>>> truncate_mrkdwn(escape_mrkdwn("R&D R&D R&D"), 12)
'R&amp;D R…'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "ACTIONS_ELEMENTS",
    "ACTION_ID",
    "BLOCK_ID",
    "BUTTON_TEXT",
    "BUTTON_VALUE",
    "CALLBACK_ID",
    "CONFIRM_BUTTON",
    "CONFIRM_TEXT",
    "CONFIRM_TITLE",
    "CONTEXT_ELEMENTS",
    "CONTEXT_TEXT",
    "ELLIPSIS",
    "FALLBACK_TEXT",
    "FIELD_ERROR",
    "FIELD_TEXT",
    "FILE_ALT_TEXT",
    "FILE_TITLE",
    "HEADER_TEXT",
    "INPUT_HINT",
    "INPUT_LABEL",
    "MESSAGE_BLOCKS",
    "MESSAGE_TEXT_BUDGET",
    "OPTIONS",
    "OPTION_TEXT",
    "OPTION_VALUE",
    "OVERFLOW_OPTIONS_MAX",
    "OVERFLOW_OPTIONS_MIN",
    "PLACEHOLDER",
    "PLAIN_TEXT_INPUT",
    "PRIVATE_METADATA",
    "SECTION_FIELDS",
    "SECTION_TEXT",
    "SHARED_FILE_BYTES",
    "SHARED_FILE_SECONDS",
    "TABLES_PER_MESSAGE",
    "TABLE_CELL",
    "TABLE_COLUMNS",
    "TABLE_ROWS",
    "VIEW_BLOCKS",
    "VIEW_BUTTON",
    "VIEW_TITLE",
    "entities_text",
    "escape_code",
    "escape_mrkdwn",
    "fit_lines",
    "graphemes",
    "mrkdwn_text",
    "one_line",
    "slack_len",
    "split_lines",
    "truncate",
    "truncate_mrkdwn",
]

# --- Limits (https://docs.slack.dev/reference/block-kit/…) ---------------------------------
MESSAGE_BLOCKS = 50  # blocks in a message
VIEW_BLOCKS = 100  # blocks in a modal or the Home tab
# Slack refuses a message whose blocks' text strings add up past an undocumented size
# (msg_blocks_too_long): slackapi/bolt-js#2867 was refused at 11,341 counted as ftroi
# counts (views.checks.block_text_size), #2509 near 13,200. ftroi's budget stays well
# under the smallest size seen refused; views are held to it too.
MESSAGE_TEXT_BUDGET = 10_000
FALLBACK_TEXT = 3_000  # the notification `text`: ours is one line (Slack truncates at 40k)
HEADER_TEXT = 150
SECTION_TEXT = 3_000
SECTION_FIELDS = 10
FIELD_TEXT = 2_000
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2_000  # a context element's text (the text object allows 3,000; kept lower)
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2_000
ACTION_ID = 255
BLOCK_ID = 255
CALLBACK_ID = 255
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100  # options in a static select
OVERFLOW_OPTIONS_MIN, OVERFLOW_OPTIONS_MAX = 2, 5
CONFIRM_TITLE, CONFIRM_TEXT, CONFIRM_BUTTON = 100, 300, 30
VIEW_TITLE = 24
VIEW_BUTTON = 24  # a modal's submit and close
PRIVATE_METADATA = 3_000
INPUT_LABEL = 2_000
INPUT_HINT = 2_000
PLACEHOLDER = 150
PLAIN_TEXT_INPUT = 3_000  # max_length and initial_value of a plain-text input
# A modal field's error (response_action="errors"): shown under the field; Slack documents
# no length, ftroi keeps each to this.
FIELD_ERROR = 1_900
TABLE_ROWS = 100
TABLE_COLUMNS = 20
TABLES_PER_MESSAGE = 1  # a second table is refused (only_one_table_allowed)
# Slack documents no limit per table cell; this is ftroi's, so a cell stays a cell.
TABLE_CELL = 500
# Files (reference/methods/files.getUploadURLExternal): alt text is refused past 1,000
# (alt_txt_too_large); a title is kept to 250, what the file list shows.
FILE_ALT_TEXT = 1_000
FILE_TITLE = 250
# A usage export shared in an intake's thread: ftroi's own cap on what it downloads and
# reads (a 90-day hourly OpenAI export of 10 models is 5.7 MB; benchmarks/usage.py), and
# how long the download may take.
SHARED_FILE_BYTES = 20 * 1024 * 1024
SHARED_FILE_SECONDS = 30.0

ELLIPSIS = "…"

# --- Length and graphemes -------------------------------------------------------------------


def slack_len(text: str) -> int:
    """Length in UTF-16 code units (an emoji outside the BMP counts 2).

    >>> slack_len("abc"), slack_len("🚀"), slack_len("é")
    (3, 2, 1)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    """Whether ``ch`` joins the cluster before it (UAX #29 Extend, SpacingMark, ZWJ)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch == _ZWJ
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors (text/emoji presentation)
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag characters (subdivision flags)
        or 0xE0100 <= cp <= 0xE01EF  # variation selectors supplement
        or 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF  # Hangul vowel and final jamo
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def graphemes(text: str) -> list[str]:
    """``text`` cut into user-perceived characters (extended grapheme clusters, the rules
    that matter for names: marks, emoji ZWJ sequences and modifiers, flags, CR LF).

    >>> [len(g) for g in graphemes("e\\u0301🇫🇷👩\\u200d💻👍🏽a")]  # é, a flag, 👩‍💻, 👍🏽, a
    [2, 2, 3, 2, 1]
    """
    out: list[str] = []
    open_flag = False  # the last cluster is a single regional indicator
    for ch in text:
        joins = bool(out) and (
            _extends(ch)
            or out[-1].endswith(_ZWJ)
            or (ch == "\n" and out[-1] == "\r")
            or (open_flag and _regional(ch))
        )
        if joins:
            out[-1] += ch
            open_flag = False
        else:
            out.append(ch)
            open_flag = _regional(ch)
    return out


def truncate(text: str, limit: int, *, ellipsis: str = ELLIPSIS) -> str:
    """``text`` unchanged if it fits ``limit``; otherwise cut between graphemes, with "…".

    >>> truncate("fine-tune", 9), truncate("fine-tune", 5), truncate("👩‍💻👩‍💻", 6)
    ('fine-tune', 'fine…', '👩\\u200d💻…')
    """
    if slack_len(text) <= limit:
        return text
    return _cut(graphemes(text), limit, ellipsis)


def _cut(atoms: Sequence[str], limit: int, ellipsis: str) -> str:
    budget = limit - slack_len(ellipsis)
    if budget < 0:
        return ""
    kept: list[str] = []
    used = 0
    for atom in atoms:
        size = slack_len(atom)
        if used + size > budget:
            break
        kept.append(atom)
        used += size
    return "".join(kept).rstrip() + ellipsis


_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """Whitespace and control characters as single spaces, trimmed: for titles and buttons.

    >>> one_line(" two\\n lines\\t")
    'two lines'
    """
    return _SPACE.sub(" ", text).strip()


# --- mrkdwn -----------------------------------------------------------------------------------

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LOOKALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
_EMOJI_CODE = re.compile(r":[a-z0-9][a-z0-9_+'-]*:")
_SOFT_HYPHEN = "\u00ad"


def _escape_char(ch: str) -> str:
    return _ENTITIES.get(ch) or _LOOKALIKES.get(ch) or ch


def _escaped_atoms(text: str) -> list[str]:
    """``text`` escaped for mrkdwn, one piece per grapheme, so a cut never splits an entity."""
    keep = {i for m in _EMOJI_CODE.finditer(text) for i in range(m.start(), m.end())}
    atoms: list[str] = []
    at = 0
    line_start = True
    for cluster in graphemes(text):
        piece = "".join(ch if at + k in keep and ch == "_" else _escape_char(ch)
                        for k, ch in enumerate(cluster))
        if line_start and cluster == ">":
            piece = _SOFT_HYPHEN + piece
        if cluster in ("\n", "\r\n", "\r"):
            line_start = True
        elif not cluster.isspace():
            line_start = False
        atoms.append(piece)
        at += len(cluster)
    return atoms


def escape_mrkdwn(text: str) -> str:
    """``text`` that shows as typed inside mrkdwn: no formatting, links or mentions.

    >>> escape_mrkdwn("> quote"), escape_mrkdwn("<@U123> & <!here>")
    ('\\xad&gt; quote', '&lt;@U123&gt; &amp; &lt;!here&gt;')
    """
    return "".join(_escaped_atoms(text))


def mrkdwn_text(text: str, limit: int) -> str:
    """``text`` escaped for mrkdwn and truncated so the escaped form fits ``limit``.

    >>> mrkdwn_text("a<b", 10), mrkdwn_text("a<b<c<d", 9)
    ('a&lt;b', 'a&lt;b…')
    """
    atoms = _escaped_atoms(text)
    if sum(slack_len(a) for a in atoms) <= limit:
        return "".join(atoms)
    return _cut(atoms, limit, ELLIPSIS)


def entities_text(text: str, limit: int) -> str:
    """``text`` with Slack's three entities escaped and nothing else, cut to ``limit``
    without splitting an entity or a grapheme.

    >>> entities_text("<!channel> & co", 40), entities_text("R&D R&D", 8)
    ('&lt;!channel&gt; &amp; co', 'R&amp;D…')
    """
    atoms = ["".join(_ENTITIES.get(ch) or ch for ch in cluster) for cluster in graphemes(text)]
    if sum(slack_len(a) for a in atoms) <= limit:
        return "".join(atoms)
    return _cut(atoms, limit, ELLIPSIS)


# Entities and Slack's <…> tokens (mentions, dates, links) are never cut inside.
_MRKDWN_ATOM = re.compile(r"&(?:amp|lt|gt);|<[^<>\n]{1,400}>")


def _mrkdwn_atoms(text: str) -> list[str]:
    atoms: list[str] = []
    at = 0
    for m in _MRKDWN_ATOM.finditer(text):
        atoms.extend(graphemes(text[at:m.start()]))
        atoms.append(m.group())
        at = m.end()
    atoms.extend(graphemes(text[at:]))
    return atoms


def truncate_mrkdwn(text: str, limit: int) -> str:
    """Already-escaped mrkdwn cut to ``limit`` without splitting an entity or a token.

    >>> truncate_mrkdwn("by <@U0123ABCDE> today", 12)
    'by…'
    """
    if slack_len(text) <= limit:
        return text
    return _cut(_mrkdwn_atoms(text), limit, ELLIPSIS)


def escape_code(text: str) -> str:
    """Text for a ``` code block: entities escaped, backticks as look-alikes (no fence ends
    early); nothing else changes, since mrkdwn does not format inside a code block."""
    return "".join(_ENTITIES.get(ch) or ("\u02cb" if ch == "`" else ch) for ch in text)


# --- Lines ------------------------------------------------------------------------------------


def fit_lines(lines: Sequence[str], limit: int, *,
              more: Callable[[int], str] | None = None) -> str:
    """As many whole lines (already mrkdwn) as fit ``limit``, joined by newlines; when some
    are left out, ``more(n)`` says how many. A first line too long alone is truncated.

    >>> fit_lines(["one", "two", "three"], 12, more=lambda n: f"+{n} more")
    'one\\n+2 more'
    """
    for shown in range(len(lines), -1, -1):
        tail = [more(len(lines) - shown)] if more and shown < len(lines) else []
        text = "\n".join([*lines[:shown], *tail])
        if slack_len(text) <= limit:
            return text
    return truncate_mrkdwn(lines[0], limit) if lines else ""


def split_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Lines packed into chunks of at most ``limit``, in order, nothing lost: a line longer
    than ``limit`` alone is cut between graphemes (and entities) with no ellipsis.

    >>> split_lines(["aaaa", "bb", "cc", "dddddddd"], 5)
    ['aaaa', 'bb\\ncc', 'ddddd', 'ddd']
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        for piece in _hard_split(line, limit):
            extra = slack_len(piece) + (1 if current else 0)
            if current and size + extra > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
                extra = slack_len(piece)
            current.append(piece)
            size += extra
    if current:
        chunks.append("\n".join(current))
    return chunks


def _hard_split(line: str, limit: int) -> list[str]:
    if slack_len(line) <= limit:
        return [line]
    pieces: list[str] = []
    current = ""
    atoms = [piece for atom in _mrkdwn_atoms(line)
             for piece in (graphemes(atom) if slack_len(atom) > limit else [atom])]
    # A grapheme longer than the limit itself (a long run of joined characters) is cut
    # between its code points: nothing is lost, and no chunk is over the limit.
    atoms = [piece for atom in atoms
             for piece in (list(atom) if slack_len(atom) > limit else [atom])]
    for atom in atoms:
        if current and slack_len(current) + slack_len(atom) > limit:
            pieces.append(current)
            current = ""
        current += atom
    pieces.append(current)
    return pieces
