"""What the fake Slack remembers: every call, the channels' messages, views, files (uploaded
by the app, shared by people, and their downloads), responses.

Messages are kept as Slack shows them (``type``, ``ts``, ``text``, ``blocks``, ``user``,
``bot_id``, ``thread_ts``, ``reply_count`` on a thread's parent…) plus a ``channel`` key
for the fake's own bookkeeping. Ephemeral messages live apart, marked
``"is_ephemeral": True`` and addressed to one ``user``; views are stored by id.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote


@dataclass(frozen=True)
class Call:
    """One Web API request as the fake received and answered it."""

    method: str
    args: dict[str, Any]
    token: str | None
    at: float
    status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return None if self.ok else str(self.response.get("error"))


@dataclass
class Upload:
    """A file announced by files.getUploadURLExternal, its bytes, and where it was shared."""

    file_id: str
    filename: str
    length: int
    user: str
    alt_txt: str | None = None
    snippet_type: str | None = None
    data: bytes | None = None
    title: str | None = None
    completed: bool = False
    channel_id: str | None = None
    thread_ts: str | None = None
    initial_comment: str | None = None

    def file_object(self) -> dict[str, Any]:
        return {
            "id": self.file_id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": self.length,
            "user": self.user,
            "mimetype": "application/octet-stream",
            "channels": [self.channel_id] if self.channel_id else [],
        }


@dataclass
class HostedFile:
    """A file a person shared: its object as events carry it, and its bytes."""

    id: str
    team_id: str
    name: str
    mimetype: str
    filetype: str
    user: str
    data: bytes
    created: int

    def url(self, base_url: str, *, download: bool) -> str:
        path = f"/files-pri/{self.team_id}-{self.id}/"
        return f"{base_url}{path}{'download/' if download else ''}{quote(self.name)}"

    def file_object(self, base_url: str) -> dict[str, Any]:
        """The file object of a ``file_share`` message event."""
        return {
            "id": self.id, "created": self.created, "timestamp": self.created,
            "name": self.name, "title": self.name, "mimetype": self.mimetype,
            "filetype": self.filetype, "pretty_type": self.filetype.upper() or "Binary",
            "user": self.user, "user_team": self.team_id, "editable": False,
            "size": len(self.data), "mode": "hosted", "is_external": False,
            "external_type": "", "is_public": True, "public_url_shared": False,
            "display_as_bot": False, "username": "",
            "url_private": self.url(base_url, download=False),
            "url_private_download": self.url(base_url, download=True),
            "permalink": f"https://{self.team_id.lower()}.slack.com/files/{self.user}/{self.id}",
            "has_rich_preview": False, "file_access": "visible",
        }


@dataclass(frozen=True)
class Download:
    """One request for a file's bytes: which file, the token it carried, what it got."""

    file_id: str
    token: str | None
    served: bool
    at: float


@dataclass
class ResponseUrl:
    """Where a ``response_url`` posts to: the interaction it came from."""

    id: str
    user: str
    channel: str
    created: float
    message_ts: str | None = None
    is_ephemeral: bool = False
    thread_ts: str | None = None
    uses: int = 0


@dataclass(frozen=True)
class Response:
    """One post to a ``response_url``, as received and answered."""

    url: ResponseUrl
    body: dict[str, Any]
    status: int
    answer: str
    at: float


@dataclass
class Trigger:
    id: str
    user: str
    created: float
    used: bool = False


@dataclass
class Store:
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    view_users: dict[str, str] = field(default_factory=dict)
    #: open modals: the user's stack of view ids, root first (Slack keeps at most 3).
    stacks: dict[str, list[str]] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)
    view_order: list[str] = field(default_factory=list)
    uploads: dict[str, Upload] = field(default_factory=dict)
    #: files people shared (files_private.py), and every request for their bytes
    files: dict[str, HostedFile] = field(default_factory=dict)
    downloads: list[Download] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    response_urls: dict[str, ResponseUrl] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    #: OAuth codes not yet exchanged, and the user who installed with each.
    oauth_codes: dict[str, str] = field(default_factory=dict)

    # -- messages -----------------------------------------------------------------------
    def post(self, message: dict[str, Any]) -> dict[str, Any]:
        """Keep a new message; a reply also updates its parent's thread fields."""
        channel = self.messages.setdefault(message["channel"], [])
        channel.append(message)
        thread_ts = message.get("thread_ts")
        if thread_ts and thread_ts != message["ts"]:
            parent = self.find(message["channel"], thread_ts)
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                who = message.get("user") or message.get("bot_id")
                parent["reply_users"] = sorted({*parent.get("reply_users", []), who})
                parent["latest_reply"] = message["ts"]
        return message

    def find(self, channel: str, ts: str) -> dict[str, Any] | None:
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    def top_level(self, channel: str) -> list[dict[str, Any]]:
        """The channel's own messages, and the replies also sent to it (thread_broadcast)."""
        return [
            m
            for m in self.messages.get(channel, [])
            if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
        ]

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The parent first, then its replies in order — as conversations.replies lists them."""
        return [
            m
            for m in self.messages.get(channel, [])
            if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts
        ]

    def delete(self, channel: str, ts: str) -> None:
        self.messages[channel] = [m for m in self.messages.get(channel, []) if m["ts"] != ts]

    # -- views --------------------------------------------------------------------------
    def keep_view(self, view: dict[str, Any], user: str) -> dict[str, Any]:
        self.views[view["id"]] = view
        self.view_users[view["id"]] = user
        if view["id"] in self.view_order:
            self.view_order.remove(view["id"])
        self.view_order.append(view["id"])
        return view

    def stack_of(self, view_id: str) -> list[str] | None:
        for stack in self.stacks.values():
            if view_id in stack:
                return stack
        return None

    def close_view(self, view_id: str) -> None:
        """Take a view (and any pushed above it) off its user's modal stack."""
        stack = self.stack_of(view_id)
        if stack is not None:
            del stack[stack.index(view_id) :]

    def is_open(self, view_id: str) -> bool:
        return self.stack_of(view_id) is not None or view_id in self.homes.values()

    def snapshot(self, obj: dict[str, Any]) -> dict[str, Any]:
        """A copy handed to tests, so an assertion never sees a later edit."""
        return copy.deepcopy(obj)
