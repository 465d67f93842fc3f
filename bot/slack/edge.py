"""The edge: what an HTTP request must be before Bolt, or anything of ftroi, reads it.

**Signed, or nothing.** docs.slack.dev/authentication/verifying-requests-from-slack: the
app computes ``v0=`` + hex HMAC-SHA256 of ``v0:{X-Slack-Request-Timestamp}:{body}`` with
the signing secret and compares it with ``X-Slack-Signature``; a timestamp more than five
minutes from the app's clock is refused, so a captured request cannot be replayed later.
:func:`signature_problem` checks exactly that and is strict where slack_sdk's verifier is
not: the timestamp must be ASCII digits (``int("abc")``, ``int("1e3")``, ``int("")`` and a
5,000-digit number raise ``ValueError`` inside slack_sdk, which reached ftroi's error
handler with the unverified body and its ``response_url``), and the signature ``v0=`` and
64 hexadecimal digits. A request that fails is answered 401 and goes no further: no Web
API call, no outbound request, no database row, no ERROR line.

**Readable, or 400.** A signed body that is not a form, JSON or a form with a JSON
``payload`` — or that is not an object — is answered 400 and logged in one INFO line, with
no traceback: Slack never sends one, so it is a client's mistake, not ftroi's.

:class:`SlackEdge` is Bolt's aiohttp server with these two checks in front of it;
:class:`bot.slack.access.LoggedApp` serves it from ``web_app()`` and runs the signature
check again in ``async_dispatch`` (for any other way a request reaches it). Socket Mode
requests arrive over a link the app opened with its app-level token: they carry no
signature and skip the check, as in Bolt.

>>> import time
>>> now = 1_700_000_000
>>> good = sign("s3cret", str(now), b"text=hi")
>>> signature_problem(b"text=hi", str(now), good, secret="s3cret", now=now) is None
True
>>> signature_problem(b"text=hi", "abc", good, secret="s3cret", now=now)
'the timestamp is not a whole number of seconds'
>>> signature_problem(b"text=hi", str(now - 301), good, secret="s3cret", now=now)
'the timestamp is more than five minutes from now'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp

__all__ = ["MAX_SKEW_SECONDS", "VERIFIED", "SlackEdge", "refused", "sign",
           "signature_problem"]

#: How far a request's timestamp may be from the app's clock, either way.
MAX_SKEW_SECONDS = 5 * 60
#: The context key saying a request's signature was checked (or it came over Socket Mode).
VERIFIED = "ftroi_verified"

_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits: seconds since the epoch
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

log = logging.getLogger("bot.slack.access")


def sign(secret: str, timestamp: str, body: bytes | str) -> str:
    """Slack's v0 signature of ``body`` sent at ``timestamp``."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + timestamp.encode() + b":" + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signature_problem(body: bytes | str, timestamp: str | None, signature: str | None, *,
                      secret: str, now: float) -> str | None:
    """None when the request is Slack's, signed with ``secret`` within five minutes of
    ``now``; otherwise why not, in words (for the log; it never quotes the headers)."""
    if not secret:
        return "ftroi has no signing secret to check it with"
    if timestamp is None and signature is None:
        return "it carries no signature headers"
    if timestamp is None:
        return "it carries no X-Slack-Request-Timestamp"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "the timestamp is not a whole number of seconds"
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return "the timestamp is more than five minutes from now"
    if signature is None:
        return "it carries no X-Slack-Signature"
    if not _SIGNATURE.fullmatch(signature):
        return "the signature is not v0= and 64 hexadecimal digits"
    if not hmac.compare_digest(sign(secret, timestamp, body), signature):
        return "the signature does not match"
    return None


def header(headers: Mapping[str, Any], name: str) -> str | None:
    """One header from aiohttp's headers or Bolt's (lower-cased names, lists of values)."""
    value = headers.get(name) if name in headers else headers.get(name.lower())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return str(value[0]) if value else None
    return None if value is None else str(value)


def refused(status: int, why: str) -> BoltResponse:
    """The answer to a request refused at the edge (no body a person would read)."""
    return BoltResponse(status=status, body=json.dumps({"error": why}),
                        headers={"content-type": "application/json"})


def describe_unverified(raw: str) -> dict[str, Any]:
    """What an unverified body says it is, for the access line only (never acted on)."""
    try:
        return AsyncBoltRequest(body=raw, headers={}).body
    except (ValueError, AttributeError, TypeError, KeyError, IndexError):
        return {}


class SlackEdge(AsyncSlackAppServer):
    """Bolt's aiohttp server, answering 401 to what is not signed and 400 to what cannot be
    read before handing the request to the app."""

    def __init__(self, app: AsyncApp, *, path: str, port: int, secret: str) -> None:
        super().__init__(port=port, path=path, app=app)
        self._secret = secret

    async def handle_post_requests(self, request: web.Request) -> web.Response:
        # Imported here: access imports this module for the signature check.
        from bot.slack.access import log_refused

        if self.path != request.path:
            return web.Response(status=404)
        data = await request.read()
        problem = signature_problem(
            data, header(request.headers, "X-Slack-Request-Timestamp"),
            header(request.headers, "X-Slack-Signature"), secret=self._secret, now=time.time())
        if problem is not None:
            log_refused(describe_unverified(data.decode("utf-8", errors="replace")),
                        status=401, why=f"Invalid request signature detected: {problem}")
            return await to_aiohttp_response(refused(401, "invalid_request_signature"))
        try:
            raw = data.decode("utf-8")
            bolt_request = AsyncBoltRequest(body=raw, query=request.query_string,
                                            headers=dict(request.headers))
        except (ValueError, AttributeError, TypeError, KeyError, IndexError) as e:
            # Not UTF-8 or not JSON (ValueError), or JSON that is not an object or not of
            # the shape Bolt reads as it builds the request's context (the others).
            log_refused({}, status=400, why=f"unreadable request body ({type(e).__name__})")
            return await to_aiohttp_response(refused(400, "unreadable_body"))
        answer: BoltResponse = await self.bolt_app.async_dispatch(bolt_request)
        return await to_aiohttp_response(answer)
