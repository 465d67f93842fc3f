"""Record decision…: a person marks one of the options a version lists as chosen.

The card's menu carries a :class:`~bot.slack.values.DecisionPick`; the version is looked up
in the request's workspace and analysed at its own price date, as its card was, and the
option must be one that analysis lists. A card posted before ftroi's price catalog changed
may offer an option the version no longer lists: that choice is refused, ephemerally,
saying which options it lists now, and nothing is recorded. A decision taken is stored
(``Store.record_decision``: who, which option, which version, when) and said in the card's
thread, with where the option stands among the others.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.listeners.flows.cards import load
from bot.slack.listeners.flows.post import Place, post
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.flows.results import analyse_record
from bot.slack.values import DecisionPick
from bot.slack.views.decision import decision_notice, ranked
from engine.analysis import Analysis
from storage import ScenarioRecord

__all__ = ["LISTED_IN_REFUSAL", "record", "unlisted"]

#: Options named in the refusal of one the version does not list (the rest are counted).
LISTED_IN_REFUSAL = 5


def unlisted(record: ScenarioRecord, analysis: Analysis, option_id: str) -> Refusal:
    """The refusal of an option id that version does not list, naming those it does."""
    labels = [o.label for o in ranked(analysis)]
    shown = "; ".join(labels[:LISTED_IN_REFUSAL])
    if len(labels) > LISTED_IN_REFUSAL:
        shown += f"; and {len(labels) - LISTED_IN_REFUSAL} more"
    return Refusal(
        f"Not recorded: version {record.version.number} of “{record.name}” lists no option "
        f"“{option_id}”. The options it lists now: {shown}. This card may be older than "
        f"ftroi's prices: /ftroi show {record.name} posts the card again with its options as "
        "they are today.")


async def record(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
                 user_name: str | None, pick: DecisionPick, place: Place) -> None:
    """Record ``user``'s choice of ``pick`` and say it in ``place`` (the card's thread)."""
    saved = await load(deps, team, pick.ref)
    analysis = await analyse_record(saved, today=deps.clock.today())
    if pick.option not in {o.id for o in analysis.decision.options}:
        raise unlisted(saved, analysis, pick.option)
    chosen = analysis.decision.option(pick.option)
    decision = await deps.store.record_decision(
        team, saved.id, saved.version.number, option_id=chosen.id, option_label=chosen.label,
        user_id=user, user_name=user_name or None, now=deps.clock.now())
    await post(client, place, decision_notice(decision, analysis, name=saved.name))
