"""Messages typed in threads: answers to an intake, or "what if …" in a scenario's thread.

Only replies in a thread reach a flow, and only people's (not the app's own — Bolt drops
those — nor edits, joins or file shares, which carry a subtype). A reply is an intake answer
when *its author* has an intake in that thread; otherwise, if it asks "what if …" in a
thread holding a result card, it forks that card's scenario. Anything else is left alone:
people talk in threads.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.forks import WHAT_IF, fork_from_sentence, thread_scenario
from bot.slack.listeners.flows.post import Place

__all__ = ["register"]


def _thread_reply(event: dict[str, Any]) -> bool:
    return (not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))
            and bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts"))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("message")
    async def thread_reply(event: dict[str, Any], client: AsyncWebClient,
                           context: AsyncBoltContext) -> None:
        if not _thread_reply(event):
            return
        team, user, text = str(context.team_id), event["user"], str(event.get("text") or "")
        thread = Place(event["channel"], event["thread_ts"])
        if await intake.typed(deps, client, team=team, user=user, thread=thread, text=text):
            return
        if not WHAT_IF.search(text):
            return
        ref = await thread_scenario(client, thread, bot_user_id=context.bot_user_id)
        if ref is None:
            return
        parent = await deps.store.get_scenario(team, ref.scenario_id)
        await fork_from_sentence(deps, client, team=team, user=user, parent=parent, text=text,
                                 place=thread)
