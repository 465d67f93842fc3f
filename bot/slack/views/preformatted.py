"""A plain-text report (the terminal's, from :mod:`bot.reports`) as one or more messages.

Each of the report's headings becomes a bold line; the lines under it go into a code block,
so the tables keep their columns and every figure reads exactly as in the terminal. Bodies
are split between lines (a line is only ever split if it alone exceeds a section, and then
nothing is dropped), sections are packed into as many messages as Block Kit's limits need,
and every message after the first says which part it is.

>>> [t for t, _ in report_sections("intro\\n\\nGPUs\\n====\\n  a10g\\n\\nAPI\\n===\\n  gpt-4o\\n")]
[None, 'GPUs', 'API']
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block

from bot.slack.limits import (
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    MESSAGE_TEXT_BUDGET,
    SECTION_TEXT,
    escape_code,
    mrkdwn_text,
    slack_len,
    split_lines,
)
from bot.slack.views.checks import block_text_size
from bot.slack.views.kit import Message, context, fallback, header, section

__all__ = ["report_messages", "report_sections"]

_FENCE = "```"
_PART_LABEL = 200  # the most a "… · part k of n" line can take


def report_sections(report: str) -> list[tuple[str | None, str]]:
    """``(title, body)`` for each heading of ``report`` (:func:`bot.reports.layout.heading`'s
    title over a rule of ``=``); text before the first heading has no title."""
    lines = report.splitlines()
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    i = 0
    while i < len(lines):
        line = lines[i]
        rule = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and rule and set(rule) == {"="} and len(rule) == len(line):
            sections.append((line, []))
            i += 2
            continue
        sections[-1][1].append(line)
        i += 1
    out = [(title, "\n".join(body).strip("\n")) for title, body in sections]
    return [(title, body) for title, body in out if title is not None or body.strip()]


def _section_blocks(title: str | None, body: str) -> list[Block]:
    """One section for the title and the start of the body, more while the body lasts."""
    lead = f"*{mrkdwn_text(title, 200)}*\n" if title else ""
    room = SECTION_TEXT - slack_len(lead) - 2 * len(_FENCE) - 2
    chunks = split_lines((escape_code(line) for line in body.splitlines()), room)
    if not chunks:
        return [section(lead.strip() or " ")]
    return [section(f"{lead if n == 0 else ''}{_FENCE}\n{chunk}\n{_FENCE}")
            for n, chunk in enumerate(chunks)]


def _pack(blocks: Sequence[Block], *, first_reserve: int) -> list[list[Block]]:
    """Blocks into messages within the block count and the text budget, keeping two slots
    and room for a part label (the first: ``first_reserve``, the opening's size) free."""
    messages: list[list[Block]] = [[]]
    size = first_reserve
    for block in blocks:
        weight = block_text_size(block.to_dict())
        full = len(messages[-1]) >= MESSAGE_BLOCKS - 2  # the opening or the part label
        if messages[-1] and (full or size + weight > MESSAGE_TEXT_BUDGET - _PART_LABEL):
            messages.append([])
            size = 0
        messages[-1].append(block)
        size += weight
    return messages


def report_messages(report: str, *, title: str, intro: str, text: str) -> list[Message]:
    """``report`` as messages: the first opens with ``title`` (a header) and ``intro``
    (mrkdwn); ``text`` is the notification text, numbered when there are several parts."""
    opening: list[Block] = [header(title), context([intro])]
    body: list[Block] = []
    for heading, content in report_sections(report):
        body += _section_blocks(heading, content)
    reserve = sum(block_text_size(b.to_dict()) for b in opening)
    parts = _pack(body, first_reserve=reserve)
    total = len(parts)
    short = mrkdwn_text(title, HEADER_TEXT)
    messages = []
    for n, blocks in enumerate(parts, start=1):
        label = f"part {n} of {total}"
        lead = opening if n == 1 else [context([f"{short} · {label}"])]
        notify = text if total == 1 else f"{text} ({label})"
        messages.append(Message(text=fallback(notify), blocks=tuple([*lead, *blocks])))
    return messages
