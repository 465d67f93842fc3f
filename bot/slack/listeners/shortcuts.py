"""The message shortcut "Analyse this": an intake started from a message's numbers.

On any message ("we do 200k requests a day on gpt-4o, 600 in and 200 out…"), the shortcut
starts an intake for the person who used it, in the thread under that message (or the
thread it is in), its first step showing every value read from the message for them to
confirm (:mod:`bot.dialogue.prefill`) — then the steps go on as usual, typed replies in
that thread included. In a channel ftroi is not in, they are told to invite it first.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.listeners import run
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.run import Slack
from bot.slack.payloads import MessageAction

__all__ = ["SHORTCUTS", "register"]


async def analyse_this(slack: Slack, used: MessageAction) -> None:
    """Start an intake in the message's thread, prefilled from its text."""
    thread = Place(used.channel.id, used.message.thread_ts or used.message.ts)
    await intake.start(slack.deps, slack.client, team=slack.team, user=used.user.id,
                       channel=used.channel.id, thread=thread, prefill=used.message.text)


SHORTCUTS: tuple[tuple[run.Constraint, run.Handler], ...] = (
    (ids.SHORTCUT_ANALYSE, analyse_this),
)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, shortcuts=SHORTCUTS)
