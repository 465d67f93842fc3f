"""How every listener runs: the one place between Bolt and ftroi's handlers.

A handler is a module-level ``async def`` of ``(slack, payload)`` or ``(slack, payload,
value)``: ``payload`` is the :mod:`bot.slack.payloads` model its annotation names, ``value``
the :mod:`bot.slack.values` class it names, read from what the request carries (a button's
value, the option chosen, a modal's ``private_metadata``). Each surface lists its handlers
in one flat table; :func:`register` hands each to Bolt through one of four ways of running:

* :func:`acking` — slash commands, clicks, shortcuts: the payload and value are read, the
  request is acknowledged, its delivery claimed (:func:`~bot.slack.idempotency.first_delivery`),
  then the handler runs. Slack has its answer before any database call.
* :func:`eventing` — events, which Bolt acknowledges itself: claimed, then handled (a
  handler marked :func:`idempotent`, such as publishing the Home tab, is not claimed: it
  may run twice, and runs even when the database does not answer).
* :func:`viewing` — modal submissions, whose answer may be field errors: claimed first (a
  database that does not answer is said under the form's first field), then the handler
  acks (``slack.ack``) with errors or closes the modal.
* :func:`suggesting` — an external select's options, answered with the ack.

A payload that does not read is :class:`~bot.slack.payloads.Malformed` (400) and a value
ftroi did not write :class:`~bot.slack.values.TamperedValue` (401): both are raised before
the ack, so the error handler answers Slack with that status and does nothing else.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from re import Pattern
from typing import Any, get_type_hints

from pydantic import ValidationError
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.idempotency import first_delivery
from bot.slack.incoming import ADDRESSED
from bot.slack.limits import FIELD_ERROR, truncate
from bot.slack.listeners.ack import ack_now
from bot.slack.listeners.flows.problems import DATABASE_DOWN
from bot.slack.payloads import BlockActions, BlockSuggestion, Malformed, Payload, ViewSubmission
from bot.slack.values import _Value, decode
from storage import DatabaseError

__all__ = ["Handler", "Slack", "acking", "eventing", "idempotent", "register", "suggesting",
           "viewing"]

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[None]]
Constraint = str | Pattern[str]


@dataclass(frozen=True)
class Slack:
    """Where a request came from and how to answer it."""

    deps: Deps
    client: AsyncWebClient
    context: AsyncBoltContext
    ack: AsyncAck | None = None
    respond: AsyncRespond | None = None

    @property
    def team(self) -> str:
        return str(self.context.team_id)

    @property
    def addressed(self) -> bool:
        """The text it carries mentioned the app (:mod:`bot.slack.incoming`)."""
        return bool(self.context.get(ADDRESSED))


@dataclass(frozen=True)
class _Reads:
    payload: type[Payload]
    value: type[_Value] | None


def _reads(handler: Handler) -> _Reads:
    hints = get_type_hints(handler)
    names = list(inspect.signature(handler).parameters)
    payload = hints[names[1]]
    value = hints[names[2]] if len(names) > 2 else None
    return _Reads(payload, value)


def _payload(reads: _Reads, data: dict[str, Any]) -> Payload:
    try:
        return reads.payload.model_validate(data)
    except ValidationError as e:
        where = ", ".join(".".join(map(str, err["loc"])) or "body" for err in e.errors()[:3])
        raise Malformed(f"{reads.payload.__name__} without {where}") from None


def _carried(payload: Payload) -> str:
    if isinstance(payload, BlockActions):
        return payload.action.carried
    if isinstance(payload, ViewSubmission | BlockSuggestion) and payload.view is not None:
        return payload.view.private_metadata
    raise TypeError(f"{type(payload).__name__} carries no value")


def _args(reads: _Reads, data: dict[str, Any]) -> list[Any]:
    payload = _payload(reads, data)
    if reads.value is None:
        return [payload]
    return [payload, decode(reads.value, _carried(payload))]


def idempotent(handler: Handler) -> Handler:
    """Mark an event handler that may run for every delivery (no claim is made for it)."""
    handler.ftroi_idempotent = True  # type: ignore[attr-defined]
    return handler


def _named(listener: Handler, handler: Handler) -> Handler:
    listener.__name__ = listener.__qualname__ = handler.__name__
    return listener


def acking(deps: Deps, handler: Handler) -> Handler:
    """A command, click or shortcut: read, ack, claim, act."""
    reads = _reads(handler)

    async def listener(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                       context: AsyncBoltContext, respond: AsyncRespond,
                       request: AsyncBoltRequest) -> None:
        args = _args(reads, body)
        await ack_now(ack, deps.unanswered)
        if await first_delivery(deps, request):
            await handler(Slack(deps, client, context, respond=respond), *args)

    return _named(listener, handler)


def eventing(deps: Deps, handler: Handler) -> Handler:
    """An event (Bolt acked it): claim, act. An event not of the handler's shape is left
    alone (Slack sends many a listener does not read, such as a bot's own message)."""
    reads = _reads(handler)
    claimed = not getattr(handler, "ftroi_idempotent", False)

    async def listener(event: dict[str, Any], client: AsyncWebClient,
                       context: AsyncBoltContext, request: AsyncBoltRequest) -> None:
        try:
            args = _args(reads, event)
        except Malformed as e:
            log.info("event left alone: %s", e)
            return
        await deps.unanswered.none_left()  # Bolt acked it: the other acks first
        if not claimed or await first_delivery(deps, request):
            await handler(Slack(deps, client, context), *args)

    return _named(listener, handler)


def viewing(deps: Deps, handler: Handler) -> Handler:
    """A modal submission: read, claim (a second delivery is acked and dropped), then the
    handler acks with field errors or closes the modal."""
    reads = _reads(handler)

    async def listener(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                       context: AsyncBoltContext, request: AsyncBoltRequest) -> None:
        args = _args(reads, body)
        try:
            first = await first_delivery(deps, request)
        except DatabaseError as e:
            log.warning("modal submission not taken: %s", e)
            blocks = list(((body.get("view") or {}).get("state") or {}).get("values") or {})
            await ack(response_action="errors",
                      errors={blocks[0]: truncate(DATABASE_DOWN, FIELD_ERROR)} if blocks else {})
            return
        if not first:
            await ack()
            return
        await handler(Slack(deps, client, context, ack=ack), *args)

    return _named(listener, handler)


def suggesting(deps: Deps, handler: Handler) -> Handler:
    """An external select's options: read, then the handler acks with them."""
    reads = _reads(handler)

    async def listener(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                       context: AsyncBoltContext) -> None:
        args = _args(reads, body)
        await handler(Slack(deps, client, context, ack=ack), *args)

    return _named(listener, handler)


Table = Iterable[tuple[Constraint, Handler]]


def register(app: AsyncApp, deps: Deps, *, actions: Table = (), commands: Table = (),
             events: Table = (), views: Table = (), options: Table = (),
             shortcuts: Table = ()) -> None:
    """Hand one surface's tables to Bolt, each handler run its way."""
    ways: tuple[tuple[Callable[[Constraint], Callable[[Handler], Any]],
                      Callable[[Deps, Handler], Handler], Table], ...] = (
        (app.command, acking, commands), (app.action, acking, actions),
        (app.message_shortcut, acking, shortcuts), (app.event, eventing, events),
        (app.view, viewing, views), (app.options, suggesting, options))
    for registrar, way, table in ways:
        for constraint, handler in table:
            registrar(constraint)(way(deps, handler))
