"""One log line per Slack request, and every line logged while handling it tagged with it.

:class:`LoggedApp` is Bolt's ``AsyncApp`` with ``async_dispatch`` — where Bolt's HTTP
adapter and its Socket Mode handler both hand it every request — wrapped. Before Bolt sees a
request, it opens the request's log context (:func:`bot.slack.logs.handling`) with a fresh
``request_id``, so the listener tasks Bolt starts inherit it; once Bolt has Slack's answer
(the ack), it logs ``slack request`` with the HTTP ``status`` and ``latency_ms``: from Bolt
receiving the request to the ack, through the signature check, deduplication, authorisation
and the listener's ``ack()``. Refused (401) and duplicate deliveries are logged too.

When a listener's work after its ack ends, Bolt's listener-completion hook logs ``slack
request finished`` with ``work_ms``, from the same start (whether it failed is the error
handler's line, with the same ``request_id``: Bolt tells this hook nothing about it).

What a request is logged as is :func:`describe`: never the text a person typed.

Before any of that, a request over HTTP must be signed (:mod:`bot.slack.edge`) and every
request must have the shape ftroi reads of its kind (:mod:`bot.slack.payloads`): one that
has not is answered 401 or 400 here, logged in one INFO line saying why, and never reaches
Bolt's middleware, listeners or error handler (Bolt itself would fail reading some).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_completion_handler import (
    AsyncListenerCompletionHandler,
)
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack import logs, payloads
from bot.slack.deps import Deps
from bot.slack.edge import VERIFIED, SlackEdge, header, refused, signature_problem
from bot.slack.listeners.flows.slash import SUBCOMMANDS

__all__ = ["LoggedApp", "describe", "log_refused"]

log = logging.getLogger("bot.slack.access")


def describe(body: Mapping[str, Any]) -> tuple[str, str | None]:
    """(kind, command) of a request, for the log: for a slash command only the subcommand
    (``unknown`` when the first word is not one: it may be anything a person typed).

    >>> describe({"command": "/ftroi", "text": "show Support bot"})
    ('command', 'show')
    >>> describe({"command": "/ftroi", "text": "Support bot"}), describe({"command": "/ftroi"})
    (('command', 'unknown'), ('command', 'new'))
    >>> describe({"type": "block_actions", "actions": [{"action_id": "intake_next"}]})
    ('action', 'intake_next')
    >>> describe({"type": "view_submission", "view": {"callback_id": "whatif"}})
    ('view_submission', 'whatif')
    >>> describe({"type": "event_callback", "event": {"type": "message", "text": "what if"}})
    ('event', 'message')
    """
    if "command" in body:
        words = str(body.get("text") or "").split(maxsplit=1)
        word = words[0].lower() if words else "new"
        return "command", word if word in SUBCOMMANDS else "unknown"
    if body.get("ssl_check"):
        return "ssl_check", None
    kind = _text(body.get("type")) or "unknown"
    if kind == "event_callback":
        return "event", _text(_field(body.get("event"), "type"))
    if kind == "block_actions":
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else None
        return "action", _text(_field(first, "action_id"))
    if kind == "block_suggestion":
        return kind, _text(body.get("action_id"))
    if isinstance(body.get("view"), Mapping):
        return kind, _text(body["view"].get("callback_id"))
    return kind, _text(body.get("callback_id"))


def _field(value: object, name: str) -> object:
    """``value[name]`` when ``value`` is an object (a malformed body may hold anything)."""
    return value.get(name) if isinstance(value, Mapping) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _retry(request: AsyncBoltRequest) -> int | None:
    """Slack's retry number when it resent the request. Bolt's Socket Mode adapter puts
    the envelope's ``retry_attempt`` in the same header, 0 on a first delivery: None."""
    values = request.headers.get("x-slack-retry-num") or []
    return int(values[0]) or None if values and values[0].isdigit() else None


class _WorkDone(AsyncListenerCompletionHandler):
    """Runs in the listener's task, when its work (after the ack) has ended."""

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        handled = logs.current()
        if handled is not None:
            log.info("slack request finished", extra={"work_ms": handled.elapsed_ms()})


def log_refused(body: Mapping[str, Any], *, status: int, why: str) -> None:
    """The access line of a request refused before Bolt saw it, and why (one INFO line)."""
    kind, command = describe(body if isinstance(body, Mapping) else {})
    team = body.get("team_id") if isinstance(body, Mapping) else None
    request = logs.Request(request_id=secrets.token_hex(4),
                           team=team if isinstance(team, str) else None,
                           kind=kind, command=command)
    with logs.handling(request):
        log.info(why)
        log.info("slack request", extra={"status": status, "latency_ms": request.elapsed_ms()})


class LoggedApp(AsyncApp):
    """``AsyncApp`` whose every request is logged once, and tags what is logged for it;
    over HTTP only signed requests get in (:mod:`bot.slack.edge`)."""

    #: What the listeners share (set by :func:`bot.slack.app.build_app`).
    deps: Deps

    def __init__(self, *, signing_secret: str, **options: Any) -> None:
        super().__init__(signing_secret=signing_secret, **options)
        self._secret = signing_secret
        # Bolt's runner calls this hook when a listener ends (``listener_runner`` and its
        # ``listener_completion_handler`` are public; AsyncApp takes no option for it).
        self.listener_runner.listener_completion_handler = _WorkDone()

    def web_app(self, path: str = "/slack/events", port: int = 3000) -> web.Application:
        """Bolt's routes, behind the edge's signature and body checks."""
        return SlackEdge(self, path=path, port=port, secret=self._secret).web_app

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        if req.mode != "socket_mode":
            problem = signature_problem(
                req.raw_body, header(req.headers, "x-slack-request-timestamp"),
                header(req.headers, "x-slack-signature"), secret=self._secret,
                now=time.time())
            if problem is not None:
                log_refused(req.body, status=401,
                            why=f"Invalid request signature detected: {problem}")
                return refused(401, "invalid_request_signature")
        why = payloads.problem(req.body if isinstance(req.body, dict) else {})
        if why is not None:  # before Bolt, which reads fields of it to build listener args
            log_refused(req.body, status=400, why=f"malformed Slack request refused ({why})")
            return refused(400, "malformed_payload")
        req.context[VERIFIED] = True  # signed, or over the app's own Socket Mode link
        kind, command = describe(req.body if isinstance(req.body, Mapping) else {})
        request = logs.Request(request_id=secrets.token_hex(4), team=req.context.team_id,
                               kind=kind, command=command, retry=_retry(req))
        with logs.handling(request), self.deps.unanswered.answering():
            response = await super().async_dispatch(req)
            log.info("slack request",
                     extra={"status": response.status, "latency_ms": request.elapsed_ms()})
        return response
