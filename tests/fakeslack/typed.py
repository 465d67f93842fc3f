"""What a person types, as Slack sends it to an app.

docs.slack.dev/messaging/formatting-message-text ("Escaping text"): in the ``text`` of the
messages and events Slack sends, ``&``, ``<`` and ``>`` arrive as ``&amp;``, ``&lt;`` and
``&gt;``; a person mentioned with ``@`` arrives as ``<@U…>``, a channel as ``<#C…|name>``
and a link as ``<https://…>``. A slash command's ``text`` is escaped the same way; its
mentions and links become tokens only when the command's ``should_escape`` is on
(docs.slack.dev/interactivity/implementing-slash-commands, "Escape channels, users, and
links sent to your app"; ftroi's manifest turns it off).

:func:`as_sent` does that to what the driver is told a person typed, for the people and
channels of the fake's world; :func:`rich_text` is the ``rich_text`` block Slack sends
beside it, with the words unescaped and the mentions as ``user``/``channel`` elements.

>>> from .world import Workspace
>>> world = Workspace.default()
>>> as_sent(world, "@ftroi what if gpu h100 & volume x2, ask @bob in #general")
'<@U0FTROIBOT1> what if gpu h100 &amp; volume x2, ask <@U0BOB000001> in <#C0GENERAL01|general>'
>>> as_sent(world, "R&D <3 https://x.io/a @bob", tokens=False)
'R&amp;D &lt;3 https://x.io/a @bob'
"""

from __future__ import annotations

import re
from typing import Any

from .world import Workspace

_WORD = re.compile(r"(?P<link>https?://[^\s<>]+)|(?P<at>@[a-z0-9._-]+)|(?P<hash>#[a-z0-9_-]+)")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pieces(world: Workspace, typed: str) -> list[tuple[str, Any]]:
    """``typed`` cut into words and the people, channels and links Slack recognises."""
    by_name = {user.name: user.id for user in world.users.values()}
    channels = {c.name: c.id for c in world.channels.values() if not c.is_im}
    pieces: list[tuple[str, Any]] = []
    at = 0
    for m in _WORD.finditer(typed):
        found: tuple[str, Any] | None = None
        if m["link"]:
            found = ("link", m["link"])
        elif m["at"] and m["at"][1:] in by_name:
            found = ("user", by_name[m["at"][1:]])
        elif m["hash"] and m["hash"][1:] in channels:
            found = ("channel", (channels[m["hash"][1:]], m["hash"][1:]))
        if found is not None:
            pieces += [("text", typed[at:m.start()]), found]
            at = m.end()
    pieces.append(("text", typed[at:]))
    return [(kind, value) for kind, value in pieces if value != ""]


def as_sent(world: Workspace, typed: str, *, tokens: bool = True) -> str:
    """``typed`` as the ``text`` Slack sends: escaped, with tokens unless ``tokens=False``."""
    if not tokens:
        return escape(typed)
    out = []
    for kind, value in _pieces(world, typed):
        if kind == "text":
            out.append(escape(value))
        elif kind == "user":
            out.append(f"<@{value}>")
        elif kind == "channel":
            out.append(f"<#{value[0]}|{value[1]}>")
        else:
            out.append(f"<{escape(value)}>")
    return "".join(out)


def rich_text(world: Workspace, typed: str) -> dict[str, Any]:
    """The ``rich_text`` block Slack sends with a typed message."""
    elements: list[dict[str, Any]] = []
    for kind, value in _pieces(world, typed):
        if kind == "text":
            elements.append({"type": "text", "text": value})
        elif kind == "user":
            elements.append({"type": "user", "user_id": value})
        elif kind == "channel":
            elements.append({"type": "channel", "channel_id": value[0]})
        else:
            elements.append({"type": "link", "url": value})
    return {"type": "rich_text", "block_id": "rt0",
            "elements": [{"type": "rich_text_section", "elements": elements}]}
