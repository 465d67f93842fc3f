"""Confirmation dialogs whose text is plain text, as Slack's Block Kit reference requires.

``docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object``: the
``text`` of a confirm is "a plain_text text object"; :mod:`bot.slack.views.confirm` builds it
as mrkdwn, which the fake Slack (like Slack's validator) refuses. Until that module is
changed, the listeners pass the views that carry confirmations (the intake's steps, the
Home tab) through :func:`message` or :func:`view`: each confirm's mrkdwn text becomes the
same words in plain text (bold marks dropped, ``&amp;``/``&lt;``/``&gt;`` read back).
Anything already plain passes unchanged, so this is a no-op once the fix lands.

>>> payload = {"confirm": {"text": {"type": "mrkdwn", "text": "*A &amp; B* goes."}}}
>>> plain_confirms(payload)["confirm"]["text"]
{'type': 'plain_text', 'text': 'A & B goes.'}
"""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.views.kit import Message

__all__ = ["message", "plain_confirms", "view"]

_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def _plain(text: str) -> str:
    text = _BOLD.sub(r"\1", text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def plain_confirms(node: Any) -> Any:
    """``node`` (JSON-ready dicts and lists) with every confirm's text in plain text."""
    if isinstance(node, list):
        return [plain_confirms(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: plain_confirms(value) for key, value in node.items()}
    confirm = out.get("confirm")
    if isinstance(confirm, dict) and isinstance(confirm.get("text"), dict) \
            and confirm["text"].get("type") == "mrkdwn":
        out["confirm"] = {**confirm, "text": {"type": "plain_text",
                                              "text": _plain(confirm["text"]["text"])}}
    return out


def message(m: Message) -> Message:
    """``m`` with plain-text confirmations."""
    blocks = tuple(Block.parse(plain_confirms(b.to_dict())) for b in m.blocks)
    return Message(text=m.text, blocks=tuple(b for b in blocks if b is not None))


def view(v: View) -> View:
    """``v`` with plain-text confirmations."""
    return View(**plain_confirms(v.to_dict()))
