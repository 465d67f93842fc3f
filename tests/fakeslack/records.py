"""The fake's memory, read for assertions: calls, messages, ephemerals, views, uploads,
downloads, responses.

Everything returned is a copy (a snapshot): a later ``chat.update`` never changes what a
test already holds, and :meth:`Records.message` fetches the current version when wanted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from .mentions import broadcasts
from .store import Call, Download, Response, Store, Upload


class Records:
    """Assertion helpers shared by :class:`~.server.FakeSlack` (which owns ``store``)."""

    store: Store

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[Call]:
        return [
            c
            for c in self.store.calls
            if (method is None or c.method == method) and (ok is None or c.ok == ok)
        ]

    def messages_in(self, channel: str, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Top-level messages of a channel, or a thread (parent first) when given thread_ts."""
        found = (
            self.store.thread(channel, thread_ts) if thread_ts else self.store.top_level(channel)
        )
        return [self.store.snapshot(m) for m in found]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The current version of one message (after any chat.update), or None once deleted."""
        found = self.store.find(channel, ts)
        return self.store.snapshot(found) if found else None

    def ephemerals(
        self, channel: str | None = None, *, user: str | None = None
    ) -> list[dict[str, Any]]:
        return [
            self.store.snapshot(m)
            for m in self.store.ephemerals
            if (channel is None or m["channel"] == channel) and (user is None or m["user"] == user)
        ]

    def view(self, view_id: str) -> dict[str, Any]:
        return self.store.snapshot(self.store.views[view_id])

    def last_view(self, user: str | None = None) -> dict[str, Any]:
        """The view most recently opened, pushed, updated or published (for ``user``)."""
        for view_id in reversed(self.store.view_order):
            if user is None or self.store.view_users[view_id] == user:
                return self.view(view_id)
        raise LookupError(f"no view was opened or published{' for ' + user if user else ''}")

    def is_open(self, view_id: str) -> bool:
        return self.store.is_open(view_id)

    def broadcasts(self) -> list[str]:
        """Every ``<!channel>``/``<!here>``/``<!everyone>`` Slack would have notified a
        conversation with, in every message, ephemeral and file comment posted so far."""
        posted = [m for ms in self.store.messages.values() for m in ms]
        return [b for m in [*posted, *self.store.ephemerals] for b in broadcasts(m)]

    def uploads(self) -> list[Upload]:
        return list(self.store.uploads.values())

    def downloads(self) -> list[Download]:
        """Every request for a shared file's bytes, served or answered with the sign-in page."""
        return list(self.store.downloads)

    def responses(self) -> list[Response]:
        return list(self.store.responses)

    async def wait_for(self, predicate: Callable[[], Any], *, timeout: float = 2.0) -> Any:
        """Poll until ``predicate()`` is truthy (an app that acks first and posts after).

        Returns its value; raises TimeoutError naming the calls seen so far.
        """
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            if time.monotonic() > deadline:
                seen = [f"{c.method}:{'ok' if c.ok else c.error}" for c in self.store.calls]
                raise TimeoutError(f"condition not met within {timeout}s; calls: {seen}")
            await asyncio.sleep(0.01)
        return value
