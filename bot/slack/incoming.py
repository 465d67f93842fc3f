"""What people typed, as plain text: the one place Slack's wire format is undone.

docs.slack.dev/messaging/formatting-message-text: Slack sends a message's ``text`` — and a
slash command's — with ``&``, ``<`` and ``>`` as ``&amp;``, ``&lt;`` and ``&gt;``, and with
what Slack recognised as tokens between ``<`` and ``>``: a person ``<@U0123>`` (or
``<@U0123|name>``), a channel ``<#C0123|general>``, a link ``<https://…|label>``, a
special mention ``<!here>``, a date ``<!date^…|fallback>``. The dialogue's parsers read
plain words, so "@ftroi what if gpu h100 & volume x2" must reach them as "what if gpu h100
& volume x2", not as "unknown GPU 'h100 &amp'".

:func:`plain_text` reads the tokens first (in the escaped text ``<`` and ``>`` are only ever
their delimiters), then unescapes the three entities in the words between them — once, so
a literal "&amp;" someone typed (sent as ``&amp;amp;``) stays "&amp;". The app's own
mention is dropped (it only says the message is for ftroi: :attr:`Plain.addressed`);
other people read as ``@name`` (``@U0123`` when Slack gave no name: ftroi has no
``users:read``), channels as ``#name``, links as their label (or address), dates as their
fallback.

:func:`plain_incoming_text` is the global Bolt middleware that applies it to every text a
listener reads — a slash command's ``text``, a message event's ``text``, a message
shortcut's ``message.text`` — before any listener runs, and notes in the context whether
the app was mentioned (:data:`ADDRESSED`).

>>> plain_text("<@U0BOT> what if gpu h100 &amp; volume x2", bot_user_id="U0BOT")
Plain(text='what if gpu h100 & volume x2', addressed=True)
>>> plain_text("ask <@U0BOB|bob> in <#C01|ml-costs> &lt;3 <https://x.io/a|the doc>",
...            bot_user_id="U0BOT").text
'ask @bob in #ml-costs <3 the doc'
>>> plain_text("R&amp;amp;D <mailto:a@b.io|a@b.io> <!here> <!date^1^{date}|Jan 1>",
...            bot_user_id=None).text
'R&amp;D a@b.io @here Jan 1'
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse

__all__ = ["ADDRESSED", "Plain", "plain_incoming_text", "plain_text"]

#: The context key saying the app was mentioned in the text a listener reads.
ADDRESSED = "ftroi_addressed"

_TOKEN = re.compile(r"<([^<>\n]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class Plain:
    """Typed text as plain words, and whether it mentioned the app."""

    text: str
    addressed: bool = False


def _unescape(words: str) -> str:
    for entity, char in _ENTITIES:
        words = words.replace(entity, char)
    return words


def _token(inside: str, bot_user_id: str | None) -> tuple[str, bool]:
    """A token's readable form, and whether it was the app's own mention."""
    target, _, label = inside.partition("|")
    label = _unescape(label)
    if target.startswith("@"):
        if bot_user_id is not None and target[1:] == bot_user_id:
            return "", True
        return "@" + (label.lstrip("@") or target[1:]), False
    if target.startswith("#"):
        return "#" + (label or target[1:]), False
    if target.startswith("!"):
        name = target[1:].split("^", 1)[0]
        if name in ("here", "channel", "everyone"):
            return "@" + name, False
        return label or "@" + name, False
    if label:
        return label, False
    return _unescape(target.removeprefix("mailto:")), False


def plain_text(text: str, *, bot_user_id: str | None) -> Plain:
    """``text`` as Slack sent it, as the words the person typed."""
    out: list[str] = []
    addressed = False
    at = 0
    for match in _TOKEN.finditer(text):
        out.append(_unescape(text[at:match.start()]))
        readable, mine = _token(match.group(1), bot_user_id)
        addressed |= mine
        out.append(readable)
        at = match.end()
    out.append(_unescape(text[at:]))
    words = "".join(out)
    if addressed:  # the mention's place leaves no double space or leading comma
        words = _SPACES.sub(" ", words).strip().lstrip(",:").strip()
    return Plain(words, addressed)


def _texts(body: MutableMapping[str, Any]) -> list[MutableMapping[str, Any]]:
    """The objects whose ``text`` a listener reads as what a person typed."""
    if "command" in body:
        return [body]
    if body.get("type") == "event_callback" and isinstance(body.get("event"), dict):
        return [body["event"]]
    if body.get("type") == "message_action" and isinstance(body.get("message"), dict):
        return [body["message"]]
    return []


async def plain_incoming_text(context: AsyncBoltContext, body: dict[str, Any],
                              next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
    """Global middleware: every typed text in ``body`` as plain words, once."""
    for holder in _texts(body):
        if isinstance(holder.get("text"), str):
            plain = plain_text(holder["text"], bot_user_id=context.bot_user_id)
            holder["text"] = plain.text
            context[ADDRESSED] = bool(context.get(ADDRESSED)) or plain.addressed
    await next()
    return None
