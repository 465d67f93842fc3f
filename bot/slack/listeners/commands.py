"""``/ftroi`` and its subcommands: acknowledged at once, carried out after the ack.

Bolt's ``AsyncApp`` answers Slack as soon as ``ack()`` is called and lets the listener run
on: the analysis, charts and uploads happen then, well past Slack's three seconds.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners import run
from bot.slack.listeners.flows import slash
from bot.slack.listeners.run import Slack
from bot.slack.payloads import Command

__all__ = ["COMMAND", "COMMANDS", "register"]

COMMAND = "/ftroi"


async def ftroi(slack: Slack, command: Command) -> None:
    """``/ftroi <subcommand> …`` (its text is plain words by now: bot.slack.incoming)."""
    await slash.run(slack.deps, slack.client, team=slack.team, user=command.user_id,
                    channel=command.channel_id, text=command.text, respond=slack.respond)


COMMANDS: tuple[tuple[str, run.Handler], ...] = ((COMMAND, ftroi),)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, commands=COMMANDS)
