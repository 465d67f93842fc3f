"""The small pieces every view is built from, each held to Block Kit's limits.

A :class:`Message` is what a listener posts: blocks and the plain ``text`` Slack shows in
notifications. The builders take text that is already mrkdwn (escape people's words with
:func:`md`) and truncate it safely should it still be too long.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InteractiveElement,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)

from bot.slack.limits import (
    BUTTON_TEXT,
    BUTTON_VALUE,
    CONTEXT_ELEMENTS,
    CONTEXT_TEXT,
    FALLBACK_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    OPTION_TEXT,
    OPTION_VALUE,
    SECTION_FIELDS,
    SECTION_TEXT,
    entities_text,
    escape_mrkdwn,
    mrkdwn_text,
    one_line,
    slack_len,
    truncate,
    truncate_mrkdwn,
)

__all__ = [
    "NAME_MRKDWN",
    "Message",
    "actions",
    "button",
    "context",
    "date_token",
    "divider",
    "fallback",
    "fallback_mrkdwn",
    "fields_section",
    "header",
    "md",
    "mention",
    "name_md",
    "option",
    "section",
]

Style = Literal["primary", "danger"]


@dataclass(frozen=True)
class Message:
    """A message to post: ``say(text=m.text, blocks=m.blocks)`` or ``say(**m.to_dict())``."""

    text: str
    blocks: tuple[Block, ...]

    def to_dict(self) -> dict[str, Any]:
        """The message as JSON-ready dicts; slack_sdk checks its limits on the way."""
        return {"text": self.text, "blocks": [b.to_dict() for b in self.blocks]}


def md(text: str) -> str:
    """People's words (names, searches) made safe for mrkdwn."""
    return escape_mrkdwn(text)


#: Room for a scenario name in mrkdwn: 80 characters (storage's most), each at most 5
#: once escaped (``&amp;``), so a stored name is always shown whole.
NAME_MRKDWN = 400


def name_md(name: str) -> str:
    """A scenario name for mrkdwn: escaped, whole unless longer than any stored name."""
    return mrkdwn_text(name, NAME_MRKDWN)


_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def mention(user_id: str) -> str:
    """``<@U123>`` for a Slack user id; anything else is shown as plain words."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else md(user_id)


def date_token(when: datetime) -> str:
    """A date each reader sees in their own time zone, with a UTC fallback."""
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}}|{when:%Y-%m-%d}>"


def fallback(text: str, *, then: str = "") -> str:
    """The notification text from plain words: one line, ``&<>`` escaped (Slack parses it:
    a name ``<!channel>`` must not ping the channel), never empty, never too long; ``then``
    is mrkdwn put after it, after a space, as it is (a :func:`mention`).

    >>> fallback("Delete <!channel>?"), fallback("Started by", then="<@U0ALICE0001>")
    ('Delete &lt;!channel&gt;?', 'Started by <@U0ALICE0001>')
    """
    words = entities_text(one_line(text), FALLBACK_TEXT - len(then) - 1)
    return " ".join(part for part in (words, then) if part) or "ftroi"


def fallback_mrkdwn(text: str) -> str:
    """The notification text from mrkdwn already escaped (a notice built with
    :func:`name_md`): one line, cut without splitting an entity or a token."""
    return truncate_mrkdwn(one_line(text), FALLBACK_TEXT) or "ftroi"


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=truncate(one_line(text), HEADER_TEXT) or "ftroi",
                                            emoji=True))


def section(text: str, *, accessory: InteractiveElement | None = None,
            block_id: str | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=truncate_mrkdwn(text, SECTION_TEXT)),
                        accessory=accessory, block_id=block_id)


def fields_section(pairs: Sequence[tuple[str, str]], *, text: str | None = None) -> SectionBlock:
    """Up to ten label–value fields, two columns; labels and values are mrkdwn already."""
    if len(pairs) > SECTION_FIELDS:
        raise ValueError(f"{len(pairs)} fields; a section holds at most {SECTION_FIELDS}")
    fields = [MarkdownTextObject(text=truncate_mrkdwn(f"*{label}*\n{value}", FIELD_TEXT))
              for label, value in pairs]
    return SectionBlock(
        text=MarkdownTextObject(text=truncate_mrkdwn(text, SECTION_TEXT)) if text else None,
        fields=fields,
    )


def context(lines: Iterable[str]) -> ContextBlock:
    """Small grey lines (mrkdwn), one element each, at most ten."""
    elements = [MarkdownTextObject(text=truncate_mrkdwn(line, CONTEXT_TEXT))
                for line in lines if line]
    if not 0 < len(elements) <= CONTEXT_ELEMENTS:
        raise ValueError(f"a context block takes 1–{CONTEXT_ELEMENTS} lines, not {len(elements)}")
    return ContextBlock(elements=elements)


def divider() -> DividerBlock:
    return DividerBlock()


def button(text: str, action_id: str, value: str | None = None, *, style: Style | None = None,
           confirm: ConfirmObject | None = None) -> ButtonElement:
    if value is not None and slack_len(value) > BUTTON_VALUE:
        raise ValueError(f"a button value holds {BUTTON_VALUE} characters, not "
                         f"{slack_len(value)}")
    label = truncate(one_line(text), BUTTON_TEXT) or "…"
    return ButtonElement(text=PlainTextObject(text=label, emoji=True),
                         action_id=action_id, value=value, style=style, confirm=confirm)


def actions(elements: Sequence[InteractiveElement], *, block_id: str | None = None
            ) -> ActionsBlock:
    return ActionsBlock(elements=list(elements), block_id=block_id)


def option(text: str, value: str) -> Option:
    if slack_len(value) > OPTION_VALUE:
        raise ValueError(f"an option value holds {OPTION_VALUE} characters, not "
                         f"{slack_len(value)}")
    return Option(value=value, text=PlainTextObject(text=truncate(one_line(text), OPTION_TEXT)
                                                    or value, emoji=True))
