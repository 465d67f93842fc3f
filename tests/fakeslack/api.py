"""What every fake Web API method shares: the request context, Slack-shaped errors, arguments.

A method is ``handler(ctx) -> dict`` returning the body of an ``ok`` answer, or raising
:class:`SlackError`, which the server turns into ``{"ok": false, "error": …}``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from .ids import Ids
from .limits import MESSAGE_TEXT_REFUSED, text_size
from .store import Store
from .validate import validate_blocks
from .world import Channel, Grant, Workspace

#: elements that report an action (and so get an action_id when the app gave none)
INTERACTIVE = {
    "button",
    "checkboxes",
    "datepicker",
    "datetimepicker",
    "overflow",
    "radio_buttons",
    "timepicker",
    "static_select",
    "external_select",
    "users_select",
    "conversations_select",
    "channels_select",
    "multi_static_select",
    "multi_external_select",
    "multi_users_select",
    "multi_conversations_select",
    "multi_channels_select",
    "plain_text_input",
    "number_input",
    "email_text_input",
    "url_text_input",
    "rich_text_input",
    "file_input",
    "workflow_button",
}


@dataclass
class RateTier:
    """How often one method may be called (per workspace), and its most messages a page:
    Slack's Tier 3 (50+ a minute) for Marketplace and internal apps, or the limit of apps
    distributed outside the Marketplace (1 a minute, 15 a page)."""

    per_minute: int
    max_limit: int
    calls: list[float] = field(default_factory=list)

    @classmethod
    def marketplace(cls) -> RateTier:
        return cls(per_minute=50, max_limit=1000)

    @classmethod
    def distributed(cls) -> RateTier:
        return cls(per_minute=1, max_limit=15)

    def take(self, now: float) -> None:
        """Count a call at ``now``; ``ratelimited`` (429, Retry-After) past the tier."""
        self.calls = [t for t in self.calls if now - t < 60]
        if len(self.calls) >= self.per_minute:
            wait = max(1, int(60 - (now - self.calls[0])) + 1)
            raise SlackError("ratelimited", status=429, retry_after=wait)
        self.calls.append(now)


class SlackError(Exception):
    """An ``ok: false`` answer: the error code, extra top-level keys, and messages."""

    def __init__(self, error: str, *messages: str, status: int = 200,
                 retry_after: int | None = None, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.retry_after = retry_after
        self.body: dict[str, Any] = {"ok": False, "error": error, **extra}
        if messages:
            self.body["response_metadata"] = {"messages": list(messages)}


@dataclass
class Ctx:
    """One request: who calls (the token's grant), with what, against which world."""

    world: Workspace
    store: Store
    ids: Ids
    base_url: str
    grant: Grant | None
    args: dict[str, Any]
    trigger_ttl: float
    replies: RateTier = field(default_factory=lambda: RateTier.marketplace())

    @property
    def me(self) -> Grant:
        assert self.grant is not None, "methods that need a token are only reached with one"
        return self.grant

    def need(self, scope: str) -> None:
        """``missing_scope`` unless the token was granted ``scope`` (Slack names both sets)."""
        if scope not in self.me.scopes:
            raise SlackError(
                "missing_scope", needed=scope, provided=",".join(sorted(self.me.scopes))
            )

    def arg(self, name: str, error: str = "invalid_arguments") -> str:
        value = self.args.get(name)
        if value in (None, ""):
            raise SlackError(error, f"[ERROR] missing required field: {name}")
        return str(value)

    def json_arg(self, name: str) -> Any:
        """An argument slack_sdk sends as JSON, or as a JSON string in a form body."""
        value = self.args.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as e:
                raise SlackError("invalid_arguments", f"[ERROR] {name} is not JSON: {e}") from e
        return value

    def channel(self, channel_ref: str, *, post: bool = True) -> Channel:
        """Resolve an id, a ``#name`` or a user id (the DM) the way chat.postMessage does."""
        world = self.world
        if channel_ref in world.users and post:
            return world.dm_with(channel_ref)
        found = world.channels.get(channel_ref) or next(
            (c for c in world.channels.values() if c.name == channel_ref.lstrip("#")), None
        )
        me = self.me.user_id
        if found is None or (found.is_private and me not in found.members):
            raise SlackError("channel_not_found")
        if me not in found.members:
            raise SlackError("not_in_channel")
        return found

    def thread_ts(self, channel: Channel) -> str | None:
        """``thread_ts`` must name a top-level message of the channel (a parent, not a reply)."""
        thread_ts = self.args.get("thread_ts")
        if not thread_ts:
            return None
        parent = self.store.find(channel.id, str(thread_ts))
        if parent is None or parent.get("thread_ts") not in (None, parent["ts"]):
            raise SlackError("invalid_thread_ts", f"[ERROR] no parent message {thread_ts}")
        return str(thread_ts)

    def content(self, *, surface: str = "message") -> tuple[str, list[dict[str, Any]] | None]:
        """``text`` and checked ``blocks``: one of text/blocks/attachments is required, and a
        ``text`` fallback with blocks (Slack only warns; the fake refuses, so tests see it)."""
        text = str(self.args.get("text") or self.args.get("markdown_text") or "")
        blocks = self.json_arg("blocks")
        attachments = self.json_arg("attachments")
        if not text.strip() and not blocks and not attachments:
            raise SlackError("no_text")
        if blocks is not None:
            reasons = validate_blocks(blocks, surface=surface)
            if reasons:
                raise SlackError("invalid_blocks", *reasons, errors=reasons)
            if surface == "message" and text_size(
                    [b for b in blocks if b.get("type") != "markdown"]) >= MESSAGE_TEXT_REFUSED:
                raise SlackError("msg_blocks_too_long")
            if not text.strip():
                raise SlackError(
                    "invalid_arguments",
                    "[ERROR] missing top-level text: the notification and screen-reader "
                    "fallback for blocks (Slack only warns; this fake refuses)",
                )
        return text, at_the_bottom(fill_ids(self.ids, blocks)) if blocks is not None else None

    def bot_message(
        self,
        channel: Channel,
        text: str,
        blocks: list[dict[str, Any]] | None,
        thread_ts: str | None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "ts": self.ids.ts(),
            "channel": channel.id,
            "text": text,
            "user": self.me.user_id,
            "team": self.world.team_id,
        }
        if self.me.bot_id:
            message.update(bot_id=self.me.bot_id, app_id=self.world.app_id)
        if blocks is not None:
            message["blocks"] = blocks
        if thread_ts:
            message["thread_ts"] = thread_ts
        return message


def fill_ids(ids: Ids, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy with every missing ``block_id`` and ``action_id`` filled in, as Slack stores it."""
    blocks = copy.deepcopy(blocks)
    for block in blocks:
        block.setdefault("block_id", ids.short())
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        elements += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for element in elements:
            if isinstance(element, dict) and element.get("type") in INTERACTIVE:
                element.setdefault("action_id", ids.short())
    return blocks


def at_the_bottom(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The blocks as Slack shows them: a table below every other block, wherever it was
    sent (blocks/table-block; Slack appends the table to the bottom of the message)."""
    return [b for b in blocks if b.get("type") != "table"] + \
        [b for b in blocks if b.get("type") == "table"]


def public(message: dict[str, Any]) -> dict[str, Any]:
    """A stored message as the Web API shows it (without the fake's bookkeeping keys)."""
    shown = copy.deepcopy(message)
    for key in ("channel", "is_ephemeral"):
        shown.pop(key, None)
    return shown
