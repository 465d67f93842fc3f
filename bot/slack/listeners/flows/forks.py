"""Forks: a saved scenario with changes, saved as a new scenario that records its parent,
and posted with its delta to the parent.

Three ways in — ``/ftroi whatif <name> <change…>``, the What if… modal, and a reply such
as "what if we use an H100 and 2x the volume?" in a scenario's thread — and one way out:
:func:`save_fork`, then :func:`~bot.slack.listeners.flows.results.post_card` with the parent.

**Which scenario a thread is about** is read from Slack itself: the first result card the
app posted in the thread (its root, or the card an intake ended with) carries
``<id>@<version>`` in its buttons' block_id. No mapping table is kept: this survives
restarts, replicas and storage purges, is right for cards posted before any deploy, and
costs one ``conversations.replies`` call — made only for replies that ask "what if".
"""

from __future__ import annotations

import re
from datetime import date, datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.dialogue.parse import ParseError, parse_whatif
from bot.dialogue.whatif import apply_changes, fork_name
from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.ids import ScenarioRef
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.flows.results import analyse_record, post_card
from bot.slack.render import off_loop
from bot.slack.views import Parent
from engine.analysis import Analysis, analyse
from engine.errors import EngineError
from engine.models import Scenario
from storage import NameTakenError, ScenarioRecord, Store

__all__ = ["WHAT_IF", "fork_from_sentence", "naming", "post_fork", "save_fork",
           "thread_scenario"]

#: A thread reply that asks for a fork.
WHAT_IF = re.compile(r"\bwhat\s+(?:if|about)\b", re.IGNORECASE)
_TRIES = 50


def _priced(inputs: Scenario, today: date) -> Scenario:
    return inputs if inputs.api.priced_at is not None else inputs.with_value("api.priced_at",
                                                                             today)


def _save(store: Store, team: str, user: str, parent: ScenarioRecord, inputs: Scenario,
          name: str | None, text: str, now: datetime) -> ScenarioRecord:
    def fork(named: str) -> ScenarioRecord:
        return store.fork_scenario(team, parent.id, owner_id=user, name=named, now=now,
                                   version=parent.version.number, inputs=inputs)

    if name is not None:
        return fork(name)
    for attempt in range(1, _TRIES + 1):
        try:
            return fork(fork_name(parent.name, text, attempt))
        except NameTakenError:
            continue
    raise Refusal(f"{_TRIES} forks of “{parent.name}” already have this name; fork it with "
                  "the What if… button and name the fork yourself.")


async def save_fork(deps: Deps, *, team: str, user: str, parent: ScenarioRecord,
                    inputs: Scenario, text: str, name: str | None = None
                    ) -> tuple[ScenarioRecord, Analysis]:
    """Save the fork (named ``name``, or after its parent and ``text``) and analyse it;
    ``EngineError`` (inputs the engine cannot use) before anything is saved."""
    now = deps.clock.now()
    inputs = _priced(inputs, now.date())
    after = await off_loop(lambda: analyse(inputs, at=inputs.api.priced_at or now.date()))
    record = await deps.store.run(
        lambda store: _save(store, team, user, parent, inputs, name, text, now))
    return record, after


async def post_fork(client: AsyncWebClient, place: Place, fork: ScenarioRecord,
                    after: Analysis, parent: ScenarioRecord, before: Analysis) -> None:
    """The fork's card with its delta to the parent, its chart in the card's thread."""
    await post_card(client, place, fork, after,
                    parent=Parent(parent.name, before, parent.version.number))


def naming(text: str) -> str:
    """The words a fork is named after: the change, without the question around it.

    >>> naming("What if we use an H100 and 2x the volume?")
    'we use an H100 and 2x the volume'
    """
    words = WHAT_IF.sub("", text, count=1) if WHAT_IF.match(text.strip()) else text
    return words.strip().rstrip("?!. ").strip() or text.strip()


async def fork_from_sentence(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
                             parent: ScenarioRecord, text: str, place: Place) -> None:
    """Fork ``parent`` with the changes ``text`` asks for and post it in ``place``."""
    try:
        changes = parse_whatif(text)
    except ParseError as e:
        raise Refusal(str(e), help_topic="whatif") from None
    before = await analyse_record(parent, today=deps.clock.today())
    inputs = apply_changes(parent.inputs, changes, analysis=before)
    try:
        fork, after = await save_fork(deps, team=team, user=user, parent=parent,
                                      inputs=inputs, text=naming(text))
    except EngineError as e:
        raise Refusal(f"“{text}” is not accepted: {e}", help_topic="whatif") from None
    await post_fork(client, place, fork, after, parent, before)


async def thread_scenario(client: AsyncWebClient, thread: Place, *, bot_user_id: str | None
                          ) -> ScenarioRef | None:
    """The scenario of the first result card the app posted in ``thread``, if any."""
    if thread.thread_ts is None:
        return None
    replies = await client.conversations_replies(channel=thread.channel, ts=thread.thread_ts,
                                                 limit=200)
    for message in replies.get("messages") or []:
        if message.get("user") != bot_user_id and not message.get("bot_id"):
            continue
        for block in message.get("blocks") or []:
            block_id = str(block.get("block_id") or "")
            if block.get("type") == "actions" and block_id.startswith(ids.CARD_ACTIONS + ":"):
                try:
                    return ScenarioRef.decode(block_id.removeprefix(ids.CARD_ACTIONS + ":"))
                except ValueError:
                    continue
    return None
