"""Messages in threads: answers to an intake, a usage export shared in one, or "what if …"
in a scenario's thread.

Only replies in a thread reach a flow, and only people's: not the app's own (Bolt drops
those), nor another app's (``bot_message``), nor edits (``message_changed``) or joins. A
reply also sent to the channel ("Also send to #channel", ``subtype: thread_broadcast``) is
a reply like any other. A file shared in a thread (``subtype: file_share``) is a usage
export for its sharer's intake there (:mod:`~bot.slack.listeners.flows.usage_file`), and
left alone where they have none. Its text is plain words by now
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

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners import run
from bot.slack.listeners.flows import intake, usage_file
from bot.slack.listeners.flows.forks import fork_from_sentence, thread_scenario, what_if
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.run import Slack
from bot.slack.payloads import MessageEvent
from storage import NotFoundError

__all__ = ["EVENTS", "register"]

log = logging.getLogger(__name__)

#: Subtypes of a message a person wrote as a reply: none, or also sent to the channel.
REPLY_SUBTYPES = (None, "thread_broadcast")
#: A message that shares a file (with the comment typed with it, if any).
FILE_SHARE = "file_share"
_NOT_A_CARD_THREAD = ("This thread has no ftroi result card to fork. Ask “what if …” in the "
                      "thread of a card, or start with `/ftroi new`.")


def _in_a_thread(event: MessageEvent, subtypes: tuple[str | None, ...]) -> bool:
    return (event.subtype in subtypes and not event.bot_id and bool(event.user)
            and bool(event.thread_ts) and event.thread_ts != event.ts)


async def _fork_in_thread(slack: Slack, *, user: str, thread: Place, text: str) -> None:
    card = await thread_scenario(slack.deps, team=slack.team, thread=thread)
    if card is None:
        if slack.addressed:
            raise Refusal(_NOT_A_CARD_THREAD)
        return
    try:
        parent = await slack.deps.store.get_scenario(slack.team, card.scenario_id)
    except NotFoundError:
        if slack.addressed:
            raise Refusal("The scenario of this thread was deleted; nothing to fork. "
                          "`/ftroi list` shows the ones there are.") from None
        return
    await fork_from_sentence(slack.deps, slack.client, team=slack.team, user=user,
                             parent=parent, text=text, place=thread)


async def thread_reply(slack: Slack, event: MessageEvent) -> None:
    """A message in a channel: an intake answer or a usage export for one, a what-if in a
    card's thread, or talk."""
    if event.user is None or event.thread_ts is None:
        return
    thread = Place(event.channel, event.thread_ts)
    if _in_a_thread(event, (FILE_SHARE,)):
        await usage_file.shared(slack.deps, slack.client, team=slack.team, user=event.user,
                                thread=thread, files=event.files, addressed=slack.addressed)
        return
    if not _in_a_thread(event, REPLY_SUBTYPES):
        return
    if await intake.typed(slack.deps, slack.client, team=slack.team, user=event.user,
                          thread=thread, text=event.text):
        return
    if not slack.addressed and what_if(event.text) is None:
        return
    await _fork_in_thread(slack, user=event.user, thread=thread, text=event.text)


EVENTS: tuple[tuple[run.Constraint, run.Handler], ...] = (("message", thread_reply),)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, events=EVENTS)
