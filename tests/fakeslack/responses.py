"""What a post to a ``response_url`` does, as Slack documents for interactions and commands.

docs.slack.dev/interactivity/handling-user-interaction: a ``response_url`` can be used
five times within thirty minutes. ``response_type: in_channel`` posts to the channel;
otherwise the reply is ephemeral to the person. ``replace_original`` edits the message
the interaction came from and ``delete_original`` removes it. The body's blocks are held
to the same limits as chat.postMessage, and a ``text`` fallback is required with them.
"""

from __future__ import annotations

from typing import Any

from .api import fill_ids
from .ids import Ids
from .store import ResponseUrl, Store
from .validate import validate_blocks
from .world import Workspace

MAX_USES, MAX_AGE = 5, 30 * 60


def answer_response_url(
    world: Workspace, store: Store, ids: Ids, url: ResponseUrl | None, body: dict[str, Any]
) -> tuple[int, str]:
    """Apply one post to a response_url; the status and text the fake answers with."""
    if url is None:
        return 404, "no_such_response_url"
    if url.uses >= MAX_USES or ids.now() - url.created > MAX_AGE:
        return 404, "expired_url"
    url.uses += 1
    if body.get("delete_original"):
        return _delete_original(store, url)
    blocks = body.get("blocks")
    text = str(body.get("text") or "")
    if blocks is not None:
        reasons = validate_blocks(blocks)
        if reasons:
            return 400, "invalid_blocks\n" + "\n".join(reasons)
        blocks = fill_ids(ids, blocks)
    if not text.strip() and not (blocks is None and body.get("attachments")):
        return 400, "no_text (a text fallback is required, with or without blocks)"
    if body.get("replace_original"):
        return _replace_original(store, url, text, blocks)
    message: dict[str, Any] = {
        "type": "message",
        "ts": ids.ts(),
        "channel": url.channel,
        "text": text,
        "user": world.bot_user_id,
        "bot_id": world.bot_id,
        "app_id": world.app_id,
        "team": world.team_id,
    }
    if blocks is not None:
        message["blocks"] = blocks
    thread_ts = body.get("thread_ts") or url.thread_ts
    if thread_ts:
        message["thread_ts"] = thread_ts
    if body.get("response_type") == "in_channel":
        store.post(message)
    else:
        message.update(user=url.user, is_ephemeral=True)
        store.ephemerals.append(message)
    return 200, "ok"


def _original(store: Store, url: ResponseUrl) -> dict[str, Any] | None:
    if url.message_ts is None:
        return None
    if url.is_ephemeral:
        return next((m for m in store.ephemerals if m["ts"] == url.message_ts), None)
    return store.find(url.channel, url.message_ts)


def _delete_original(store: Store, url: ResponseUrl) -> tuple[int, str]:
    original = _original(store, url)
    if original is None:
        return 404, "message_not_found"
    if url.is_ephemeral:
        store.ephemerals.remove(original)
    else:
        store.delete(url.channel, original["ts"])
    return 200, "ok"


def _replace_original(
    store: Store, url: ResponseUrl, text: str, blocks: list[dict[str, Any]] | None
) -> tuple[int, str]:
    original = _original(store, url)
    if original is None:
        return 404, "message_not_found"
    original["text"] = text
    if blocks is not None:
        original["blocks"] = blocks
    else:
        original.pop("blocks", None)
    return 200, "ok"
