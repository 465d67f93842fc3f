"""Messages typed in threads: answers to an intake, or "what if …" in a scenario's thread.

Only replies in a thread reach a flow, and only people's: not the app's own (Bolt drops
those), nor another app's (``bot_message``), nor edits (``message_changed``), joins or
file shares. A reply also sent to the channel ("Also send to #channel", ``subtype:
thread_broadcast``) is a reply like any other. Its text is plain words by now
(:mod:`bot.slack.incoming`), without the app's mention, which only says it was addressed
to ftroi.

A reply is an intake answer when *its author* has an intake in that thread. Otherwise it
forks the scenario of the thread's card (``Store.thread_card``) when it clearly asks —
it opens with "what if"/"what about" and reads as changes — or when it is addressed to
ftroi (then what cannot be read is explained to its author). Anything else is left alone:
people talk in threads, "what about lunch?" included.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.incoming import ADDRESSED
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.forks import fork_from_sentence, thread_scenario, what_if
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.flows.problems import Refusal
from storage import NotFoundError

__all__ = ["register"]

log = logging.getLogger(__name__)

#: Subtypes of a message a person wrote as a reply: none, or also sent to the channel.
REPLY_SUBTYPES = (None, "thread_broadcast")
_NOT_A_CARD_THREAD = ("This thread has no ftroi result card to fork. Ask “what if …” in the "
                      "thread of a card, or start with `/ftroi new`.")


def _thread_reply(event: dict[str, Any]) -> bool:
    return (event.get("subtype") in REPLY_SUBTYPES and not event.get("bot_id")
            and bool(event.get("user")) and bool(event.get("thread_ts"))
            and event.get("thread_ts") != event.get("ts"))


async def _fork_in_thread(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
                          thread: Place, text: str, addressed: bool) -> None:
    card = await thread_scenario(deps, team=team, thread=thread)
    if card is None:
        if addressed:
            raise Refusal(_NOT_A_CARD_THREAD)
        return
    try:
        parent = await deps.store.get_scenario(team, card.scenario_id)
    except NotFoundError:
        if addressed:
            raise Refusal("The scenario of this thread was deleted; nothing to fork. "
                          "`/ftroi list` shows the ones there are.") from None
        return
    await fork_from_sentence(deps, client, team=team, user=user, parent=parent, text=text,
                             place=thread)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("message")
    async def thread_reply(event: dict[str, Any], client: AsyncWebClient,
                           context: AsyncBoltContext) -> None:
        if not _thread_reply(event):
            return
        team, user, text = str(context.team_id), event["user"], str(event.get("text") or "")
        addressed = bool(context.get(ADDRESSED))
        thread = Place(event["channel"], event["thread_ts"])
        if await intake.typed(deps, client, team=team, user=user, thread=thread, text=text):
            return
        if not addressed and what_if(text) is None:
            return
        await _fork_in_thread(deps, client, team=team, user=user, thread=thread, text=text,
                              addressed=addressed)
