"""What Slack turns into a notification when it parses a message's text as mrkdwn.

docs.slack.dev/messaging/formatting-message-text: in text Slack parses — a message's
top-level ``text`` (unless ``mrkdwn: false``), every ``mrkdwn`` text object in its blocks,
and a shared file's ``initial_comment`` — ``<!channel>``, ``<!here>`` and ``<!everyone>``
notify everyone in the conversation, ``<!subteam^ID>`` a user group and ``<@U…>`` one
person. The same characters escaped (``&lt;!channel&gt;``) are shown as typed and notify
nobody: "you shouldn't HTML-escape the entire text, only these three characters"
(``&``, ``<``, ``>``). :func:`broadcasts` finds what a message would notify everyone with.

>>> broadcasts({"text": "Delete <!channel>?", "blocks": [{"type": "section", "text": {
...     "type": "mrkdwn", "text": "*&lt;!here&gt;* <!here|here>"}}]})
['<!channel>', '<!here|here>']
>>> broadcasts({"text": "plain", "blocks": [{"type": "header", "text": {
...     "type": "plain_text", "text": "<!channel>"}}]})
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .elements import walk

#: A special mention that notifies a whole conversation or a group.
BROADCAST = re.compile(r"<!(?:channel|here|everyone|subteam\^[A-Z0-9]+)(?:\|[^<>]*)?>")


def parsed_texts(message: Mapping[str, Any]) -> Iterator[str]:
    """Every text of ``message`` that Slack parses as mrkdwn."""
    if message.get("mrkdwn", True) and isinstance(message.get("text"), str):
        yield message["text"]
    if isinstance(message.get("initial_comment"), str):
        yield message["initial_comment"]
    for node in walk(message.get("blocks") or []):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            yield node["text"]


def broadcasts(message: Mapping[str, Any]) -> list[str]:
    """The special mentions ``message`` would notify a conversation with."""
    return [m.group() for text in parsed_texts(message) for m in BROADCAST.finditer(text)]
