"""The people of :class:`~.driver.Driver`, reaching the app over Socket Mode instead of HTTP.

Every verb (``command``, ``click``, ``choose``, ``suggest``, ``submit``, ``close_view``,
``say``, ``open_home``, ``event``) builds the same payload the HTTP driver signs and posts,
and sends it in an envelope on the app's live link instead: a slash command's form fields
as a dict (``slash_commands``), an interaction's payload (``interactive``), an event
callback (``events_api``). A verb returns once the app acked it; ``ack_of(reply)`` is the
ack (its payload and latency), ``reply.sent.payload`` the envelope.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .driver import Driver, Reply
from .server import FakeSlack
from .socket_mode import Ack
from .transport import Sent

__all__ = ["SocketDriver", "SocketReply", "ack_of"]


@dataclass(frozen=True)
class SocketReply(Reply):
    """A :class:`Reply` whose status 200 and text stand for the ack, which it keeps."""

    ack: Ack | None = None


def ack_of(reply: Reply) -> Ack:
    """The ack a :class:`SocketDriver` verb waited for (the verbs are typed as the HTTP
    driver's, returning a plain :class:`Reply`)."""
    assert isinstance(reply, SocketReply) and reply.ack is not None, reply
    return reply.ack


class SocketDriver(Driver):
    """People of ``fake``'s world using the app connected to ``fake.socket_mode``."""

    def __init__(self, fake: FakeSlack, *, user: str | None = None,
                 channel: str | None = None, timeout: float = 10.0) -> None:
        super().__init__("", fake, signing_secret="", user=user, channel=channel)
        #: how long a verb waits for the ack (Slack waits three seconds)
        self.timeout = timeout

    async def post(self, payload: dict[str, Any], *, form: bool, **how: Any) -> Reply:
        """Wrap what the HTTP driver would post in its envelope, send it, wait for the ack."""
        if how:
            raise TypeError(f"Socket Mode has no signature or age to spoil: {sorted(how)}")
        sm = self.fake.socket_mode
        if not form:
            envelope = sm.envelope("events_api", payload)
        elif set(payload) == {"payload"}:
            envelope = sm.envelope("interactive", json.loads(payload["payload"]))
        else:
            envelope = sm.envelope("slash_commands", payload)
        return await self._deliver(envelope)

    async def replay(self, reply: Reply) -> Reply:
        """The same envelope again, as Slack may deliver it twice (on a new link, say)."""
        return await self._deliver(reply.sent.payload)

    async def retry(self, reply: Reply, *, num: int = 1, reason: str = "timeout") -> Reply:
        """Slack's redelivery of an event it thinks was not acked, with the retry fields."""
        return await self._deliver(
            {**reply.sent.payload, "retry_attempt": num, "retry_reason": reason})

    async def url_verification(self, challenge: str = "fake-challenge", **how: Any) -> Reply:
        raise NotImplementedError("Socket Mode has no request URL to verify")

    async def _deliver(self, envelope: dict[str, Any]) -> Reply:
        ack = await self.fake.socket_mode.send(envelope, timeout=self.timeout)
        text = json.dumps(ack.payload) if ack.payload else ""
        sent = Sent(json.dumps(envelope).encode(), {}, envelope)
        event = envelope["payload"] if envelope["type"] == "events_api" else None
        return SocketReply(200, text, sent, event, ack)
