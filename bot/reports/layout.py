"""Plain-text layout for the terminal: headings, aligned tables and wrapped prose.

Everything fits :data:`WIDTH` columns, except a single word longer than that (a URL in a
source), which is kept whole so it can still be copied. Colour (bold headings, a coloured
verdict) is used only when the caller says the output is a terminal; otherwise the text has
no escape codes.

>>> print(table(["GPU", "$/hour"], [["A10G", "$1.03"], ["H100", "$3.99"]], align="lr"))
GPU   $/hour
----  ------
A10G   $1.03
H100   $3.99
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence

__all__ = ["WIDTH", "bold", "coloured", "heading", "pairs", "table", "text_width", "wrap",
           "wrap_wide"]

WIDTH = 100
_CODES = {"bold": "1", "green": "32", "red": "31", "yellow": "33"}


def coloured(text: str, style: str, *, colour: bool) -> str:
    """``text`` in an ANSI style when ``colour`` is on; unchanged otherwise.

    >>> coloured("ok", "green", colour=False), coloured("ok", "green", colour=True)
    ('ok', '\\x1b[32mok\\x1b[0m')
    """
    return f"\x1b[{_CODES[style]}m{text}\x1b[0m" if colour else text


def bold(text: str, *, colour: bool) -> str:
    return coloured(text, "bold", colour=colour)


def heading(title: str, *, colour: bool) -> str:
    """A section heading, underlined so it reads without colour too.

    >>> print(heading("Capacity", colour=False))
    <BLANKLINE>
    Capacity
    ========
    """
    return f"\n{bold(title, colour=colour)}\n{'=' * len(title)}"


def wrap(text: str, *, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    """Wrap prose to ``width``; ``first`` prefixes the first line (a bullet, a label).

    >>> print(wrap("one two three four", first="- ", indent="  ", width=12))
    - one two
      three four
    """
    return textwrap.fill(text, width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False) or (first or indent).rstrip()


def pairs(rows: Sequence[tuple[str, str]], *, indent: str = "  ", width: int = WIDTH) -> str:
    """Label–value lines with the values aligned; a long value wraps under itself.

    >>> print(pairs([("API bill", "$4,875.00"), ("Payback", "1.3 months")]))
      API bill  $4,875.00
      Payback   1.3 months
    """
    label_width = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, value in rows:
        lead = f"{indent}{label.ljust(label_width)}  "
        lines.append(wrap(value, first=lead, indent=" " * len(lead), width=width))
    return "\n".join(lines)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    indent: str = "",
    width: int = WIDTH,
    wraps: int = -1,
    hang: int = 0,
) -> str:
    """Columns sized to their content; ``align`` is one letter per column, ``l`` or ``r``.

    Column ``wraps`` (the last by default) wraps when the table would be wider than ``width``,
    its continuation lines indented by ``hang`` spaces.

    >>> print(table(["input", "range", "swing"], [["Requests", "100,000 – 300,000", "$16,500"]],
    ...             align="llr", width=32, wraps=1))
    input     range            swing
    --------  -------------  -------
    Requests  100,000 –      $16,500
              300,000
    """
    columns = len(headers)
    flex = wraps % columns
    align = align.ljust(columns, "l")
    widths = [max([len(headers[i]), *(len(row[i]) for row in rows)]) for i in range(columns)]
    fixed = len(indent) + sum(widths) - widths[flex] + 2 * (columns - 1)
    widths[flex] = min(widths[flex], max(width - fixed, 12))

    def line(cells: Sequence[str]) -> list[str]:
        pieces = textwrap.wrap(cells[flex], max(widths[flex], 1), break_on_hyphens=False,
                               break_long_words=False, subsequent_indent=" " * hang) or [""]
        out = []
        for n, piece in enumerate(pieces):
            now = [piece if i == flex else (cell if n == 0 else "")
                   for i, cell in enumerate(cells)]
            text = "  ".join(
                cell.rjust(widths[i]) if align[i] == "r" else cell.ljust(widths[i])
                for i, cell in enumerate(now)
            )
            out.append((indent + text).rstrip())
        return out

    lines = line(headers)
    lines.append((indent + "  ".join("-" * w for w in widths)).rstrip())
    for row in rows:
        lines.extend(line(row))
    return "\n".join(lines)


def text_width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (East Asian) characters take two, combining
    marks none.

    >>> text_width("Support bot"), text_width("客服机器人"), text_width("e\\u0301")
    (11, 10, 1)
    """
    if text.isascii():  # one column a character (what the sum below gives them), at C speed
        return len(text)
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(word: str, width: int) -> tuple[str, str]:
    """The longest head of ``word`` within ``width`` columns (at least one character)."""
    used = 0
    for i, ch in enumerate(word):
        used += text_width(ch)
        if used > width and i:
            return word[:i], word[i:]
    return word, ""


def _fit(text: str, width: int, *, lines: int | None = None) -> list[str]:
    """``text`` wrapped to ``width`` columns, long words split; "…" ends a shortened one.

    >>> _fit("Support bot on an H100 with twice the volume", 12, lines=2)
    ['Support bot', 'on an H100 …']
    >>> _fit("客服机器人客服机器人", 8)
    ['客服机器', '人客服机', '器人']
    """
    pieces: list[str] = []
    for word in text.split():
        while text_width(word) > width:
            head, word = _cut(word, width)
            pieces.append(head)
        pieces.append(word)
    out: list[str] = []
    for piece in pieces:
        if out and text_width(out[-1]) + 1 + text_width(piece) <= width:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    if lines is not None and len(out) > lines:
        last, _ = _cut(out[lines - 1], width - 2)
        out = [*out[: lines - 1], f"{last.rstrip()} …"]
    return out or [""]


def wrap_wide(text: str, *, first: str = "", indent: str = "") -> str:
    """Prose wrapped to :data:`WIDTH` terminal columns (``textwrap`` counts characters, so a
    line of wide characters would be twice too long).

    >>> lines = wrap_wide("Saved " + "客服" * 30, indent="  ").splitlines()
    >>> [text_width(line) for line in lines]
    [5, 100, 24]
    """
    lines = _fit(text, WIDTH - max(len(first), len(indent)))
    return "\n".join((first if n == 0 else indent) + line for n, line in enumerate(lines))
