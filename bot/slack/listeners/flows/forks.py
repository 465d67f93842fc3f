"""Forks: a saved scenario with changes, saved as a new scenario that records its parent,
and posted with its delta to the parent.

Three ways in — ``/ftroi whatif <name> <change…>``, the What if… modal, and a reply such
as "what if we use an H100 and 2x the volume?" in a scenario's thread — and one way out:
the fork saved, then its card with the delta to the parent.

**Slack before storage** for a sentence (:func:`fork_from_sentence`): it is read and
analysed, then a "Forking…" message is posted where the card will be, and only then is
the fork saved and that message turned into its card. In a channel ftroi is not in, the
post fails (``not_in_channel``) before anything is saved, so the person's retry after
``/invite @ftroi`` makes one fork, not two. (The modal saves first: it has to say under
the name field that the name is taken; it answers in the card's thread or a DM, where
ftroi can post.)

**Which scenario a thread is about** is what storage recorded when ftroi posted the
thread's first card (:func:`thread_scenario`; ``Store.thread_card``): it never reads the
thread back from Slack, whose ``conversations.replies`` a bot token may not call on
channels and which apps outside the Marketplace may call once a minute, 15 messages at a
time (docs.slack.dev/reference/methods/conversations.replies).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.dialogue.parse import Change, ParseError, parse_whatif
from bot.dialogue.whatif import apply_changes, fork_name
from bot.slack.deps import Deps
from bot.slack.listeners.flows.post import Place, post, update
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.flows.results import analyse_record, fill_card, post_card
from bot.slack.render import off_loop
from bot.slack.views import Parent
from bot.slack.views.thread import fork_not_saved, fork_pending
from engine.analysis import DEFAULT_TARGET_PAYBACK_MONTHS, Analysis, analyse
from engine.errors import EngineError
from engine.models import Scenario
from storage import CardPlace, NameTakenError, ScenarioRecord, Store

__all__ = ["WHAT_IF", "fork_from_sentence", "naming", "post_fork", "save_fork",
           "thread_scenario", "what_if"]

#: A sentence that opens by asking for a fork.
WHAT_IF = re.compile(r"^\s*what\s+(?:if|about)\b", re.IGNORECASE)
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
    after = await off_loop(lambda: analyse(
        inputs, at=inputs.api.priced_at or now.date(),
        target_payback_months=DEFAULT_TARGET_PAYBACK_MONTHS))
    record = await deps.store.run(
        lambda store: _save(store, team, user, parent, inputs, name, text, now))
    return record, after


async def post_fork(deps: Deps, client: AsyncWebClient, place: Place, fork: ScenarioRecord,
                    after: Analysis, parent: ScenarioRecord, before: Analysis) -> None:
    """The fork's card with its delta to the parent, its chart in the card's thread."""
    await post_card(deps, client, place, fork, after,
                    parent=Parent(parent.name, before, parent.version.number))


def naming(text: str) -> str:
    """The words a fork is named after: the change, without the question around it.

    >>> naming("What if we use an H100 and 2x the volume?")
    'we use an H100 and 2x the volume'
    """
    words = WHAT_IF.sub("", text, count=1) if WHAT_IF.match(text.strip()) else text
    return words.strip().rstrip("?!. ").strip() or text.strip()


def what_if(text: str) -> list[Change] | None:
    """The changes of a sentence that clearly asks for a fork — it opens with "what if" or
    "what about" and every word of it reads as a change — else None (people talk in
    threads: "what about lunch?" is not a question for ftroi)."""
    if not WHAT_IF.match(text):
        return None
    try:
        return parse_whatif(text)
    except ParseError:
        return None


async def fork_from_sentence(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
                             parent: ScenarioRecord, text: str, place: Place) -> None:
    """Fork ``parent`` with the changes ``text`` asks for and post it in ``place``: posted
    first, saved after (see the module's docstring), so nothing is saved where ftroi
    cannot post."""
    try:
        changes = parse_whatif(text)
    except ParseError as e:
        raise Refusal(str(e), help_topic="whatif") from None
    now = deps.clock.now()
    before = await analyse_record(parent, today=now.date())
    inputs = _priced(apply_changes(parent.inputs, changes, analysis=before), now.date())
    try:
        after = await off_loop(lambda: analyse(
            inputs, at=inputs.api.priced_at or now.date(),
            target_payback_months=DEFAULT_TARGET_PAYBACK_MONTHS))
    except EngineError as e:
        raise Refusal(f"“{text}” is not accepted: {e}", help_topic="whatif") from None
    holder = await post(client, place, fork_pending(parent.name))
    try:
        fork = await deps.store.run(
            lambda store: _save(store, team, user, parent, inputs, None, naming(text), now))
    except BaseException:
        await update(client, holder.channel, holder.ts, fork_not_saved(parent.name))
        raise
    await fill_card(deps, client, holder, fork, after,
                    parent=Parent(parent.name, before, parent.version.number))


async def thread_scenario(deps: Deps, *, team: str, thread: Place) -> CardPlace | None:
    """The card ftroi posted first in ``thread`` (what the thread is about), if any."""
    if thread.thread_ts is None:
        return None
    return await deps.store.thread_card(team, thread.channel, thread.thread_ts)
