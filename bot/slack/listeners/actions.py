"""Buttons and menus in messages and on the Home tab, one named handler each: the intake's
steps, the result card's What if… / Compare with… / Edit / Details / Export and its Record
decision… menu, the scenario lists' Open / Compare / Fork / Delete (buttons, or one
overflow menu per scenario) and More, and the Rename / Cancel of ``/ftroi rename``'s
question.

Each is acknowledged first — a modal is opened right after, within the trigger's three
seconds — then delegates to a flow (:mod:`bot.slack.listeners.run` runs them). What a
button carries is read by the codec (:mod:`bot.slack.values`) before the ack.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.dialogue.state import Back, Cancel, ChoosePreset, Confirm, Event, Next, Retype, Show
from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.listeners import run
from bot.slack.listeners.flows import cards, decisions, intake, renames
from bot.slack.listeners.flows.listing import list_message
from bot.slack.listeners.flows.post import Place, tell
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.home import publish_home_for
from bot.slack.listeners.run import Slack
from bot.slack.payloads import BlockActions, CardClick, MessageClick
from bot.slack.values import DecisionPick, MenuChoice, Page, Renaming, ScenarioRef, StepButton
from bot.slack.views import ListQuery
from bot.slack.views.kit import name_md
from bot.slack.views.thread import done_notice
from storage import RECOVERY_PERIOD

__all__ = ["ACTIONS", "register"]


def _list_place(click: BlockActions) -> Place:
    """Where a list's or Home's answer goes: the list's channel, or the person's DM."""
    channel = None if click.on_home else click.channel_id
    return Place(channel or click.user.id)


def _card_thread(click: CardClick) -> Place:
    """The thread of the card a button is on (the card's own, if it is not in one)."""
    return Place(click.channel.id, click.message.thread_ts or click.message.ts)


# --- the intake's step messages ----------------------------------------------------------

async def _step(slack: Slack, click: CardClick, pressed: StepButton, event: Event) -> None:
    await intake.click(slack.deps, slack.client, team=slack.team, user=click.user.id,
                       thread=_card_thread(click), message_ts=click.message.ts,
                       pressed=pressed.step, event=event, trigger_id=click.trigger_id)


async def intake_next(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    await _step(slack, click, pressed, Next(pressed.step))


async def intake_back(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    await _step(slack, click, pressed, Back(pressed.step))


async def intake_cancel(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    await _step(slack, click, pressed, Cancel())


async def intake_use(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    await _step(slack, click, pressed, Confirm())


async def intake_retype(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    await _step(slack, click, pressed, Retype())


async def intake_edit(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    await _step(slack, click, pressed, Show())


async def intake_preset(slack: Slack, click: CardClick, pressed: StepButton) -> None:
    if pressed.preset is None:
        raise Refusal("That button is not one of the intake's presets.")
    await _step(slack, click, pressed, ChoosePreset(pressed.step, pressed.preset))


# --- the result card's buttons -----------------------------------------------------------

async def card_whatif(slack: Slack, click: CardClick, ref: ScenarioRef) -> None:
    await cards.open_whatif(slack.deps, slack.client, team=slack.team, ref=ref,
                            trigger_id=click.trigger_id, place=_card_thread(click))


async def card_compare(slack: Slack, click: CardClick, ref: ScenarioRef) -> None:
    await cards.open_compare(slack.deps, slack.client, team=slack.team, ref=ref,
                             trigger_id=click.trigger_id, place=_card_thread(click))


async def card_edit(slack: Slack, click: CardClick, ref: ScenarioRef) -> None:
    await cards.edit(slack.deps, slack.client, team=slack.team, user=click.user.id, ref=ref,
                     thread=_card_thread(click))


async def card_details(slack: Slack, click: CardClick, ref: ScenarioRef) -> None:
    await cards.details(slack.deps, slack.client, team=slack.team, ref=ref,
                        place=_card_thread(click))


async def card_export(slack: Slack, click: CardClick, ref: ScenarioRef) -> None:
    await cards.export(slack.deps, slack.client, team=slack.team, ref=ref,
                       place=_card_thread(click))


async def card_decide(slack: Slack, click: CardClick, pick: DecisionPick) -> None:
    await decisions.record(slack.deps, slack.client, team=slack.team, user=click.user.id,
                           user_name=click.user.username, pick=pick, place=_card_thread(click))


# --- a scenario in a list or on the Home tab ---------------------------------------------

async def scenario_open(slack: Slack, click: BlockActions, ref: ScenarioRef) -> None:
    await cards.open_card(slack.deps, slack.client, team=slack.team, ref=ref,
                          place=_list_place(click))


async def scenario_fork(slack: Slack, click: BlockActions, ref: ScenarioRef) -> None:
    await cards.open_whatif(slack.deps, slack.client, team=slack.team, ref=ref,
                            trigger_id=click.trigger_id,
                            place=None if click.on_home else _list_place(click))


async def scenario_compare(slack: Slack, click: BlockActions, ref: ScenarioRef) -> None:
    await cards.open_compare(slack.deps, slack.client, team=slack.team, ref=ref,
                             trigger_id=click.trigger_id,
                             place=None if click.on_home else _list_place(click))


async def scenario_delete(slack: Slack, click: BlockActions, ref: ScenarioRef) -> None:
    user = click.user.id
    name = await cards.delete(slack.deps, team=slack.team, user=user, ref=ref)
    if click.on_home:
        await publish_home_for(slack, user)
        return
    notice = done_notice(f"Deleted *{name_md(name)}*. Its versions are kept for "
                         f"{RECOVERY_PERIOD.days} days before they are purged.")
    await tell(slack.client, notice, user=user, place=_list_place(click),
               respond=slack.respond, replace_original=True)


_BY_VERB = {"open": scenario_open, "fork": scenario_fork, "compare": scenario_compare,
            "delete": scenario_delete}


async def scenario_menu(slack: Slack, click: BlockActions, choice: MenuChoice) -> None:
    """An overflow menu's choice: the same as that verb's button."""
    await _BY_VERB[choice.verb](slack, click, choice.ref)


# --- /ftroi rename's question, and list pages --------------------------------------------

async def rename_confirm(slack: Slack, click: MessageClick, renaming: Renaming) -> None:
    outcome = await renames.rename(slack.deps, team=slack.team, user=click.user.id,
                                   renaming=renaming)
    await tell(slack.client, outcome, user=click.user.id, place=_list_place(click),
               respond=slack.respond, replace_original=True)


async def rename_cancel(slack: Slack, click: MessageClick, renaming: Renaming) -> None:
    await tell(slack.client, renames.cancel(renaming), user=click.user.id,
               place=_list_place(click), respond=slack.respond, replace_original=True)


async def list_more(slack: Slack, click: MessageClick, page: Page) -> None:
    user = click.user.id
    message = await list_message(slack.deps, team=slack.team, user=user,
                                 query=ListQuery(page.scope, page.search), cursor=page.cursor)
    await tell(slack.client, message, user=user, place=_list_place(click),
               respond=slack.respond, replace_original=True)


ACTIONS: tuple[tuple[run.Constraint, run.Handler], ...] = (
    (ids.INTAKE_NEXT, intake_next),
    (ids.INTAKE_BACK, intake_back),
    (ids.INTAKE_CANCEL, intake_cancel),
    (ids.INTAKE_USE, intake_use),
    (ids.INTAKE_RETYPE, intake_retype),
    (ids.INTAKE_EDIT, intake_edit),
    (ids.matcher(ids.INTAKE_PRESET), intake_preset),
    (ids.CARD_WHATIF, card_whatif),
    (ids.CARD_COMPARE, card_compare),
    (ids.CARD_EDIT, card_edit),
    (ids.CARD_DETAILS, card_details),
    (ids.CARD_EXPORT, card_export),
    (ids.CARD_DECIDE, card_decide),
    (ids.matcher(ids.SCENARIO_OPEN), scenario_open),
    (ids.matcher(ids.SCENARIO_COMPARE), scenario_compare),
    (ids.matcher(ids.SCENARIO_FORK), scenario_fork),
    (ids.matcher(ids.SCENARIO_DELETE), scenario_delete),
    (ids.matcher(ids.SCENARIO_MENU), scenario_menu),
    (ids.RENAME_CONFIRM, rename_confirm),
    (ids.RENAME_CANCEL, rename_cancel),
    (ids.LIST_MORE, list_more),
)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, actions=ACTIONS)
