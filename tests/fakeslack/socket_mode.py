"""Slack's Socket Mode, faked on the fake's own server (docs.slack.dev/apis/events-api/
using-socket-mode).

The app calls ``apps.connections.open`` with its app-level token (``xapp-…``, in the
Authorization header) and gets a one-time ``ws://127.0.0.1:<port>/link/?ticket=…`` URL.
On that WebSocket the fake says ``hello``, then sends the app its requests as envelopes::

    {"type": "slash_commands" | "interactive" | "events_api", "envelope_id": "…",
     "payload": {…}, "accepts_response_payload": true|false}   (+ retry_attempt and
                                                                retry_reason for events)

and records the app's acknowledgement of each — ``{"envelope_id": "…", "payload": {…}}``,
the payload where Slack takes one (a modal's ``response_action``, a menu's options) — with
how long it took. ``disconnect(reason)`` asks the app to reconnect as Slack does before it
refreshes a link. :class:`~.socket_driver.SocketDriver` plays people over it.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .api import SlackError
from .ids import Ids
from .world import Workspace

__all__ = ["ACK_SECONDS", "Ack", "Link", "NoAck", "SocketMode"]

#: Slack waits this long for an envelope's ack; then the person sees an error (or, for
#: an event, Slack delivers it again).
ACK_SECONDS = 3.0
HOST = "applink-fake-127-0-0-1"


class NoAck(AssertionError):
    """The app did not acknowledge an envelope in time."""


@dataclass(frozen=True)
class Ack:
    """The app's answer to one delivery of an envelope."""

    envelope_id: str
    payload: dict[str, Any] | None
    #: seconds from sending the envelope to its ack; None for an ack of nothing sent
    latency: float | None
    #: the link (1 = the first the app opened) that carried it
    link: int

    @property
    def in_time(self) -> bool:
        return self.latency is not None and self.latency < ACK_SECONDS


@dataclass
class Link:
    """One WebSocket connection of the app."""

    number: int
    ws: web.WebSocketResponse
    #: told to reconnect (``disconnect``): gets no new envelope
    leaving: bool = False

    @property
    def open(self) -> bool:
        return not self.ws.closed

    @property
    def close_code(self) -> int | None:
        """How it closed: 1000 when the app closed it properly; None while open."""
        return self.ws.close_code if self.ws.closed else None


@dataclass
class _Waiting:
    sent: float
    link: int
    future: asyncio.Future[Ack] = field(repr=False)


class SocketMode:
    """The Socket Mode side of a :class:`~.server.FakeSlack` (``fake.socket_mode``)."""

    def __init__(self, world: Workspace, ids: Ids) -> None:
        self.world, self.ids = world, ids
        #: the fake's ``http://127.0.0.1:<port>``, set once it serves
        self.base_url = ""
        #: every link the app opened, oldest first
        self.links: list[Link] = []
        #: every ack, in the order they arrived
        self.acks: list[Ack] = []
        #: every envelope sent, with when (``time.time()``)
        self.sent: list[tuple[float, dict[str, Any]]] = []
        self._tickets: set[str] = set()
        self._waiting: dict[str, list[_Waiting]] = {}

    def mount(self, app: web.Application) -> None:
        app.router.add_get("/link/", self._link)

    # -- apps.connections.open ------------------------------------------------------------
    def connections_open(self, token: str | None, *, in_header: bool) -> dict[str, Any]:
        """A one-time WebSocket URL, for the app-level token in the Authorization header."""
        if not token:
            raise SlackError("not_authed")
        if token in self.world.grants:
            raise SlackError("not_allowed_token_type")  # a bot or user token opens no socket
        if token != self.world.app_token or not in_header:
            raise SlackError("invalid_auth")
        ticket = self.ids.id("t", 16).lower()
        self._tickets.add(ticket)
        host = self.base_url.removeprefix("http://")
        return {"url": f"ws://{host}/link/?ticket={ticket}&app_id={self.world.app_id}"}

    # -- telling the app things -------------------------------------------------------------
    async def connected(self, count: int = 1, *, timeout: float = 20.0) -> Link:
        """Wait until the app has opened ``count`` links in all; the one it uses now."""
        async with asyncio.timeout(timeout):
            while len(self.links) < count or not self.links[-1].open:
                await asyncio.sleep(0.01)
        return self.links[-1]

    def live(self) -> Link:
        """The newest open link not told to go: where Slack sends envelopes."""
        for link in reversed(self.links):
            if link.open and not link.leaving:
                return link
        raise NoAck("the app has no open Socket Mode connection")

    def envelope(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """A new envelope of ``kind`` (slash_commands, interactive, events_api)."""
        takes_answer = kind == "slash_commands" or payload.get("type") in (
            "view_submission", "block_suggestion")
        envelope = {"envelope_id": self.ids.id("e", 24).lower(), "type": kind,
                    "payload": payload, "accepts_response_payload": takes_answer}
        if kind == "events_api":
            envelope |= {"retry_attempt": 0, "retry_reason": ""}
        return envelope

    async def send(self, envelope: dict[str, Any], *, timeout: float = 10.0) -> Ack:
        """Send ``envelope`` on the live link; its ack (:class:`NoAck` after ``timeout``)."""
        link = self.live()
        waiting = _Waiting(time.monotonic(), link.number,
                           asyncio.get_running_loop().create_future())
        self._waiting.setdefault(envelope["envelope_id"], []).append(waiting)
        self.sent.append((time.time(), envelope))
        await link.ws.send_json(envelope)
        try:
            async with asyncio.timeout(timeout):
                return await waiting.future
        except TimeoutError:
            raise NoAck(f"no ack for {envelope['type']} envelope {envelope['envelope_id']} "
                        f"within {timeout}s (Slack waits {ACK_SECONDS}s)") from None
        finally:
            if waiting in self._waiting.get(envelope["envelope_id"], []):
                self._waiting[envelope["envelope_id"]].remove(waiting)

    async def disconnect(self, reason: str = "refresh_requested") -> Link:
        """Ask the app to move to a new link, as Slack does before refreshing one."""
        link = self.live()
        link.leaving = True
        await link.ws.send_json({"type": "disconnect", "reason": reason,
                                 "debug_info": {"host": HOST}})
        return link

    async def close(self) -> None:
        for link in self.links:
            if not link.ws.closed:
                await link.ws.close()

    # -- the WebSocket --------------------------------------------------------------------
    async def _link(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="unknown or used ticket")
        self._tickets.discard(ticket)
        ws = web.WebSocketResponse()  # autoping: answers the app's pings
        await ws.prepare(request)
        link = Link(len(self.links) + 1, ws)
        self.links.append(link)
        await ws.send_json({
            "type": "hello", "num_connections": sum(1 for one in self.links if one.open),
            "debug_info": {"host": HOST, "build_number": 1, "approximate_connection_time": 3600},
            "connection_info": {"app_id": self.world.app_id}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self._acked(link, json.loads(message.data))
        return ws

    def _acked(self, link: Link, answer: dict[str, Any]) -> None:
        envelope_id = str(answer.get("envelope_id"))
        pending = self._waiting.get(envelope_id) or []
        waiting = pending.pop(0) if pending else None
        latency = time.monotonic() - waiting.sent if waiting else None
        ack = Ack(envelope_id, answer.get("payload"), latency, link.number)
        self.acks.append(ack)
        if waiting and not waiting.future.done():
            waiting.future.set_result(ack)
