"""Slack sends some requests twice; ftroi acts on each once.

Three kinds of second delivery reach an app:

* **a retry** — the Events API resends an event it thinks was not delivered (no 200 within
  three seconds, a 5xx), with ``X-Slack-Retry-Num`` and the *same* ``event_id``;
* **a replay** — the same signed request sent again, byte for byte, within the five
  minutes Bolt accepts its timestamp (a proxy's retry, or someone who captured it);
* **a redelivered envelope** (Socket Mode) — the same command, click or submission
  again, unsigned, as when Slack moves the app to a new connection.

:func:`first_delivery` claims, in storage, a key for the event id and one for the request's
signature and timestamp — in Socket Mode, where nothing is signed, one for the payload's
``trigger_id`` instead, which Slack mints for every command and interaction
(``store.claim_all``: all of a delivery's keys or none, each true exactly once while live,
across replicas). Every listener asks it right after its ack
(:mod:`bot.slack.listeners.run`) — so Slack has its answer before any database call, even
with the database down — and a delivery whose key was claimed already goes no further:
nothing is posted twice. (A modal submission asks before its ack: what it does before
answering must not be done twice either.) Only signed requests get this far
(:mod:`bot.slack.edge`), so a forged request never claims a key.

A first delivery that failed half-way is not run again on its retry: ftroi acknowledges
at once and reports its own failures to the person, so a retry means a slow network, not
lost work.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest

from bot.slack.deps import Deps

__all__ = ["EVENT_TTL_SECONDS", "REQUEST_TTL_SECONDS", "delivery_keys", "first_delivery"]

#: Slack retries an event three times within about an hour (after 1 and 5 minutes, …).
EVENT_TTL_SECONDS = 2 * 60 * 60
#: Bolt accepts a request's timestamp for five minutes either way; a replay outlives
#: neither, so its key lives ten.
REQUEST_TTL_SECONDS = 10 * 60

log = logging.getLogger(__name__)


def _header(request: AsyncBoltRequest, name: str) -> str | None:
    values = request.headers.get(name)
    return values[0] if values else None


def delivery_keys(request: AsyncBoltRequest) -> list[tuple[str, float]]:
    """The keys one delivery claims, with their lifetimes: its event id (events only), and
    its signature with its timestamp over HTTP or its trigger id in Socket Mode (commands
    and interactions; Socket Mode requests are not signed).

    The signature is hashed: a key says which request it was, never the request itself.
    """
    keys: list[tuple[str, float]] = []
    body: dict[str, Any] = request.body if isinstance(request.body, dict) else {}
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        keys.append((f"slack:event:{event_id}", EVENT_TTL_SECONDS))
    signature = _header(request, "x-slack-signature")
    timestamp = _header(request, "x-slack-request-timestamp")
    if signature and timestamp:
        digest = hashlib.sha256(f"{timestamp}:{signature}".encode()).hexdigest()[:40]
        keys.append((f"slack:request:{digest}", REQUEST_TTL_SECONDS))
    trigger_id = body.get("trigger_id")
    if request.mode == "socket_mode" and isinstance(trigger_id, str) and trigger_id:
        keys.append((f"slack:trigger:{trigger_id}", REQUEST_TTL_SECONDS))
    return keys


async def first_delivery(deps: Deps, request: AsyncBoltRequest) -> bool:
    """Whether this is the first delivery of ``request`` (its keys are claimed now)."""
    keys = delivery_keys(request)
    if not keys:
        return True
    # All or none: claimed one at a time, a first delivery and its retry racing on two
    # replicas could each take one key and both stand down.
    if await deps.store.claim_all(keys, deps.clock.now()):
        return True
    # The team and the retry number are on the line already (bot.slack.logs).
    log.info("duplicate Slack delivery acknowledged without acting on it",
             extra={"event_id": (request.body or {}).get("event_id")})
    return False
