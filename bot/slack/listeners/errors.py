"""The one error handler: every listener's failure is logged with its context and told to
the person who caused it, ephemerally, in a sentence (never a stack trace).

Listeners and flows do not catch errors to log them; they raise. A refusal (a name that
does not exist, a non-owner deleting) is logged at INFO, by its kind of error and never by
the sentence shown, which may quote what the person typed; anything unexpected is logged
with its traceback (``exc``) and a short reference, which the person sees too, so a report
finds the log line — and, by its ``request_id``, every other line of that request. Modal
field problems never get here: they go back in the modal's ``ack``.

A payload without what ftroi reads (:class:`~bot.slack.payloads.Malformed`) and a value
ftroi did not write (:class:`~bot.slack.values.TamperedValue`) are raised before the ack:
Slack is answered 400 and 401, one INFO line says so, and nobody is told anything. A thread
message that fails because the database does not answer is only answered if it was for
ftroi (addressed to it, or a what-if): people talk in threads, and telling each of them
"ftroi cannot reach its database" would be noise.

It acts only on a request whose signature was checked (:data:`bot.slack.edge.VERIFIED`):
the edge refuses any other before Bolt runs, and should one ever get here its body — which
names a ``response_url``, a channel and a person — is neither answered nor logged.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.edge import VERIFIED
from bot.slack.incoming import ADDRESSED
from bot.slack.listeners.flows.forks import what_if
from bot.slack.listeners.flows.post import Place, ResponseUrlError, tell
from bot.slack.listeners.flows.problems import describe
from bot.slack.payloads import Malformed
from bot.slack.values import ModalContext, TamperedValue
from bot.slack.views import error_blocks
from storage import DatabaseError

__all__ = ["register", "where"]

log = logging.getLogger("bot.slack")


def _metadata(body: dict[str, Any]) -> ModalContext:
    try:
        return ModalContext.decode(str((body.get("view") or {}).get("private_metadata") or ""))
    except TamperedValue:
        return ModalContext()


#: Refused before the ack: the status Slack is answered with.
_REFUSED = {Malformed: (400, "malformed_payload"), TamperedValue: (401, "tampered_value")}


def _for_ftroi(body: dict[str, Any], context: AsyncBoltContext) -> bool:
    """A thread message meant for ftroi: addressed to it, or a what-if."""
    event = body.get("event") or {}
    if body.get("type") != "event_callback" or event.get("type") != "message":
        return True
    return bool(context.get(ADDRESSED)) or what_if(str(event.get("text") or "")) is not None


def where(body: dict[str, Any]) -> tuple[str, str | None, Place | None, str]:
    """(kind, user, place, what) of a request: what kind it was, who acted, where to answer
    them (None: no channel, e.g. the Home tab) and which command, button, view or event."""
    if "command" in body:
        sub = str(body.get("text") or "").split(" ", 1)[0] or "new"
        return "command", body.get("user_id"), Place(body["channel_id"]), f"/ftroi {sub}"
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        channel = event.get("channel")
        place = Place(channel, event.get("thread_ts")) if isinstance(channel, str) else None
        return "event", event.get("user"), place, str(event.get("type"))
    user = (body.get("user") or {}).get("id")
    if body.get("type") == "block_actions":
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        thread = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
        action = ((body.get("actions") or [{}])[0]).get("action_id", "")
        return "action", user, Place(channel, thread) if channel else None, str(action)
    if body.get("type") in ("view_submission", "view_closed"):
        context = _metadata(body)
        place = Place(context.channel_id, context.thread_ts) if context.channel_id else None
        return "view", user, place, str(body.get("view", {}).get("callback_id"))
    return str(body.get("type")), user, None, ""


def register(app: AsyncApp, deps: Deps) -> None:
    @app.error
    async def tell_the_person(error: Exception, body: dict[str, Any],
                              context: AsyncBoltContext,
                              response: BoltResponse | None) -> None:
        if not context.get(VERIFIED):
            log.info("an error on a request whose signature was not verified: not acted on "
                     "(%s)", type(error).__name__)
            return
        refused = next((v for kind, v in _REFUSED.items() if isinstance(error, kind)), None)
        if refused is not None:
            log.info("refused %s: %s", type(error).__name__, error)
            if response is not None:  # raised before the ack: this is Slack's answer
                response.status, response.body = refused[0], f'{{"error":"{refused[1]}"}}'
                response.headers["content-type"] = ["application/json"]
            return
        reference = uuid.uuid4().hex[:8]
        kind, user, place, what = where(body)
        problem = describe(error, reference=reference, channel=place.channel if place else None)
        # The request's id, team, kind and command are on every line already (bot.slack.logs).
        facts = {"reference": reference, "user": user,
                 "channel": place.channel if place else None}
        if problem.expected:
            # What went wrong, not the sentence shown: it may quote what the person typed.
            cause = type(error).__name__
            if isinstance(error, SlackApiError):
                cause += f" {error.response.get('error')}"
            log.info("refused %s %s: %s", kind, what, cause, extra=facts)
        else:
            log.error("%s %s failed (reference %s)", kind, what, reference, exc_info=error,
                      extra=facts)
        if user is None or (isinstance(error, DatabaseError) and not _for_ftroi(body, context)):
            return
        message = error_blocks(problem.text, help_topic=problem.help_topic)
        try:
            await tell(context.client, message, user=user, place=place,
                       respond=context.respond, replace_original=problem.replace_original)
        except (SlackApiError, ResponseUrlError, aiohttp.ClientError) as e:
            log.warning("could not tell %s about reference %s: %s", user, reference, e,
                        extra=facts)
