"""The App Home tab: published when opened, and its New scenario and More buttons.

Its scenarios' Open / Compare / Fork / Delete buttons are the lists' (see ``actions``).
New scenario asks which channel to start in: an intake runs in a channel thread, where the
team can follow and where typed replies are read.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.ids import Page
from bot.slack.listeners.ack import ack_now
from bot.slack.listeners.flows.listing import publish_home
from bot.slack.views.thread import new_scenario_modal

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    @app.event("app_home_opened")
    async def home_opened(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        await publish_home(deps, client, team=str(context.team_id), user=event["user"])

    @app.action(ids.HOME_NEW)
    async def new_scenario(ack: AsyncAck, body: dict[str, Any],
                           client: AsyncWebClient) -> None:
        await ack_now(ack)
        await client.views_open(trigger_id=body["trigger_id"], view=new_scenario_modal())

    @app.action(ids.matcher(ids.HOME_MORE))
    async def more(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                   client: AsyncWebClient, context: AsyncBoltContext) -> None:
        await ack_now(ack)
        page = Page.decode(str(action.get("value") or "{}"))
        cursors = {"mine_cursor": page.cursor} if page.scope == "mine" else \
            {"team_cursor": page.cursor}
        await publish_home(deps, client, team=str(context.team_id), user=body["user"]["id"],
                           **cursors)
