"""Signed HTTP to an app's request URL, exactly as Slack signs it.

docs.slack.dev/authentication/verifying-requests-from-slack: ``X-Slack-Request-Timestamp``
and ``X-Slack-Signature: v0=hex(HMAC-SHA256(signing_secret, "v0:{timestamp}:{body}"))``.
``signature="wrong"|"missing"``, ``age=`` (seconds in the past) and ``timestamp=`` (any
text as the ``X-Slack-Request-Timestamp``, signed with the right secret: ``"abc"``, ``""``,
``"1e3"``, a number of 5,000 digits) make the requests an app must refuse;
:meth:`Transport.replay` resends one byte for byte; :meth:`Transport.retry`
resends it as Slack's Events API retries do (same body and event_id, a fresh signature,
``X-Slack-Retry-Num`` and ``X-Slack-Retry-Reason``).

Slack waits three seconds for an app's HTTP answer, then gives up: the person sees
"operation_timeout" (/dispatch_failed), and an event is retried (docs.slack.dev:
interactivity/handling-user-interaction — "respond with an HTTP 200 OK within 3 seconds";
apis/events-api — "respond … within three seconds … or we'll consider the event delivery
failed"). So does the transport: an answer later than ``ack_deadline`` (3 s) raises
:class:`LateAck`, a test failure, however the app's answer would have read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import aiohttp

#: Slack's wait for an app's answer to a request, in seconds.
ACK_DEADLINE = 3.0


class LateAck(AssertionError):
    """The app answered after Slack would have given up on it."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature.

    >>> signature = sign("secret", "1531420618", b"text=hi")
    >>> signature[:3], len(signature)
    ('v0=', 67)
    """
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sent:
    body: bytes
    headers: dict[str, str]
    payload: dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """The app's HTTP answer, and what was sent to get it."""

    status: int
    text: str
    sent: Sent
    event: dict[str, Any] | None = field(default=None)

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class Transport:
    """Posts signed requests to one URL over one aiohttp session (``close()`` it)."""

    def __init__(
        self,
        url: str,
        *,
        signing_secret: str,
        clock: Callable[[], float] = time.time,
        ack_deadline: float = ACK_DEADLINE,
    ) -> None:
        self.url, self.secret, self.clock = url, signing_secret, clock
        self.ack_deadline = ack_deadline
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def post(
        self,
        payload: dict[str, Any],
        *,
        form: bool,
        signature: str = "valid",
        age: float = 0.0,
        timestamp: str | None = None,
        headers: dict[str, str] | None = None,
        raw_body: bytes | None = None,
    ) -> Reply:
        """Sign and send ``payload`` (form-encoded or JSON); ``signature`` valid|wrong|missing;
        ``raw_body`` sends those bytes instead of the encoded payload (still signed)."""
        if raw_body is not None:
            body = raw_body
        else:
            body = urlencode(payload).encode() if form else json.dumps(payload).encode()
        kind = "application/x-www-form-urlencoded" if form else "application/json"
        all_headers = {
            "Content-Type": kind,
            **self._signed(body, signature, age, timestamp),
            **(headers or {}),
        }
        return await self._send(Sent(body, all_headers, payload))

    async def replay(self, reply: Reply) -> Reply:
        """The very same request again: same body, timestamp and signature (a replay)."""
        return await self._send(reply.sent)

    async def retry(self, reply: Reply, *, num: int = 1, reason: str = "http_timeout") -> Reply:
        """Slack's retry of an undelivered event: same body, fresh signature, retry headers."""
        headers = {k: v for k, v in reply.sent.headers.items() if not k.startswith("X-Slack-")}
        headers |= self._signed(reply.sent.body, "valid", 0.0)
        headers |= {"X-Slack-Retry-Num": str(num), "X-Slack-Retry-Reason": reason}
        return await self._send(Sent(reply.sent.body, headers, reply.sent.payload), reply.event)

    def _signed(
        self, body: bytes, signature: str, age: float, timestamp: str | None = None
    ) -> dict[str, str]:
        if timestamp is None:
            timestamp = str(int(self.clock() - age))
        if signature == "missing":
            return {}
        secret = self.secret if signature == "valid" else self.secret + "-wrong"
        return {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": sign(secret, timestamp, body),
        }

    async def _send(self, sent: Sent, event: dict[str, Any] | None = None) -> Reply:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        deadline = aiohttp.ClientTimeout(total=self.ack_deadline)
        try:
            async with self._session.post(
                self.url, data=sent.body, headers=sent.headers, timeout=deadline
            ) as response:
                return Reply(response.status, await response.text(), sent, event)
        except TimeoutError:
            raise LateAck(
                f"no answer within {self.ack_deadline:g} s: Slack would have given up "
                "(operation_timeout for the person; an event is retried)"
            ) from None
