"""What the buttons about one saved scenario do, wherever they are (a card, a list, Home).

Every button carries a :class:`~bot.slack.values.ScenarioRef` (read by the codec before the
click is acknowledged); it is looked up in the request's workspace only. Where an answer
goes is the caller's :class:`Place`: the card's thread for a card's buttons, the channel
for a list's, and the person's direct messages with the app for the Home tab (which has
no channel).
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.flows.results import (
    analyse_record,
    post_card,
    post_details,
    post_export,
)
from bot.slack.values import ScenarioRef
from bot.slack.views import compare_modal, whatif_modal
from storage import ScenarioRecord, Store

__all__ = ["delete", "details", "edit", "export", "load", "open_card", "open_compare",
           "open_whatif"]


async def load(deps: Deps, team: str, ref: ScenarioRef) -> ScenarioRecord:
    """The scenario at the button's version."""
    return await deps.store.run(
        lambda store: store.get_scenario(team, ref.scenario_id, version=ref.version))


async def open_card(deps: Deps, client: AsyncWebClient, *, team: str, ref: ScenarioRef,
                    place: Place) -> None:
    record = await load(deps, team, ref)
    await post_card(deps, client, place, record, await analyse_record(record,
                                                                today=deps.clock.today()))


async def details(deps: Deps, client: AsyncWebClient, *, team: str, ref: ScenarioRef,
                  place: Place) -> None:
    record = await load(deps, team, ref)
    await post_details(client, place, record, await analyse_record(record,
                                                                   today=deps.clock.today()))


async def export(deps: Deps, client: AsyncWebClient, *, team: str, ref: ScenarioRef,
                 place: Place) -> None:
    record, decisions = await deps.store.run(lambda store: (
        store.get_scenario(team, ref.scenario_id, version=ref.version),
        store.latest_decisions(team, [ref.scenario_id])))
    await post_export(client, place, record,
                      await analyse_record(record, today=deps.clock.today()),
                      decision=decisions.get(record.id))


async def open_whatif(deps: Deps, client: AsyncWebClient, *, team: str, ref: ScenarioRef,
                      trigger_id: str, place: Place | None) -> None:
    """The What if… modal over every input of that version."""
    record = await load(deps, team, ref)
    await client.views_open(trigger_id=trigger_id, view=whatif_modal(
        record.inputs, scenario_id=record.id, version=record.version.number, name=record.name,
        channel_id=place.channel if place else None,
        thread_ts=place.thread_ts if place else None))


async def open_compare(deps: Deps, client: AsyncWebClient, *, team: str, ref: ScenarioRef,
                       trigger_id: str, place: Place | None) -> None:
    """Compare with…: the workspace's other scenarios to pick from."""
    record = await load(deps, team, ref)
    choices = await deps.store.list_scenarios(team, limit=100)
    await client.views_open(trigger_id=trigger_id, view=compare_modal(
        record, choices.items, channel_id=place.channel if place else None,
        thread_ts=place.thread_ts if place else None,
        external=choices.next_cursor is not None))


async def edit(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
               ref: ScenarioRef, thread: Place) -> None:
    """Reopen the intake on the saved scenario in ``thread``; saving makes a new version."""
    await intake.start(deps, client, team=team, user=user, channel=thread.channel,
                       scenario_id=ref.scenario_id, thread=thread)


async def delete(deps: Deps, *, team: str, user: str, ref: ScenarioRef) -> str:
    """Delete (owner only, recoverable for 30 days); the name it had."""
    now = deps.clock.now()

    def delete_it(store: Store) -> str:
        record = store.get_scenario(team, ref.scenario_id)
        store.delete_scenario(team, record.id, user_id=user, now=now)
        return record.name

    return await deps.store.run(delete_it)
