"""``/ftroi`` and its subcommands: acknowledged at once, carried out after the ack.

Bolt's ``AsyncApp`` answers Slack as soon as ``ack()`` is called and lets the listener run
on: the analysis, charts and uploads happen then, well past Slack's three seconds.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.listeners.ack import ack_now
from bot.slack.listeners.flows import slash

__all__ = ["COMMAND", "register"]

COMMAND = "/ftroi"


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command(COMMAND)
    async def ftroi(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient,
                    context: AsyncBoltContext, respond: AsyncRespond) -> None:
        await ack_now(ack)
        await slash.run(deps, client, team=str(context.team_id), user=command["user_id"],
                        channel=command["channel_id"], text=command.get("text") or "",
                        respond=respond)
