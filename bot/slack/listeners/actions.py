"""Buttons and menus in messages and on the Home tab: the intake's steps, the result card's
What if… / Compare with… / Edit / Details / Export, the scenario lists' Open / Compare /
Fork / Delete (buttons, or one overflow menu per scenario) and More, and the Rename /
Cancel of ``/ftroi rename``'s question.

Each listener acks first — a modal is opened right after, within the trigger's three
seconds — then delegates to a flow.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.ids import MenuChoice, Page
from bot.slack.listeners.ack import ack_now
from bot.slack.listeners.flows import cards, intake, renames
from bot.slack.listeners.flows.listing import list_message, publish_home
from bot.slack.listeners.flows.post import Place, tell
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.views import ListQuery
from bot.slack.views.kit import name_md
from bot.slack.views.thread import done_notice
from storage import RECOVERY_PERIOD

__all__ = ["register"]

INTAKE_BUTTONS = (ids.INTAKE_NEXT, ids.INTAKE_BACK, ids.INTAKE_CANCEL, ids.INTAKE_EDIT,
                  ids.INTAKE_USE, ids.INTAKE_RETYPE)
_VERBS = {ids.SCENARIO_OPEN: "open", ids.SCENARIO_COMPARE: "compare",
          ids.SCENARIO_FORK: "fork", ids.SCENARIO_DELETE: "delete"}


def _on_home(body: dict[str, Any]) -> bool:
    return (body.get("container") or {}).get("type") == "view"


def _place(body: dict[str, Any], user: str) -> Place:
    """Where a list's or Home's answer goes: the list's channel, or the person's DM."""
    if _on_home(body):
        return Place(user)
    return Place((body.get("channel") or {}).get("id") or body["container"]["channel_id"])


def _card_thread(body: dict[str, Any]) -> Place:
    """The thread of the card a button is on (the card's own, if it is not in one)."""
    message = body["message"]
    return Place(body["channel"]["id"], message.get("thread_ts") or message["ts"])


def _verb(action_id: str) -> str:
    return next(v for base, v in _VERBS.items() if ids.matcher(base).match(action_id))


def register(app: AsyncApp, deps: Deps) -> None:
    async def scenario_verb(verb: str, value: str, body: dict[str, Any], team: str,
                            client: AsyncWebClient, respond: AsyncRespond) -> None:
        user = body["user"]["id"]
        ref = cards.ref_of(value)
        place = _place(body, user)
        if verb == "open":
            await cards.open_card(deps, client, team=team, ref=ref, place=place)
        elif verb == "fork":
            await cards.open_whatif(deps, client, team=team, ref=ref,
                                    trigger_id=body["trigger_id"],
                                    place=None if _on_home(body) else place)
        elif verb == "compare":
            await cards.open_compare(deps, client, team=team, ref=ref,
                                     trigger_id=body["trigger_id"],
                                     place=None if _on_home(body) else place)
        else:
            name = await cards.delete(deps, team=team, user=user, ref=ref)
            if _on_home(body):
                await publish_home(deps, client, team=team, user=user)
                return
            notice = done_notice(f"Deleted *{name_md(name)}*. Its versions are kept for "
                                 f"{RECOVERY_PERIOD.days} days before they are purged.")
            await tell(client, notice, user=user, place=place, respond=respond,
                       replace_original=True)

    @app.action(ids.matcher(ids.INTAKE_PRESET))
    async def intake_preset(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                            client: AsyncWebClient, context: AsyncBoltContext) -> None:
        await ack_now(ack)
        await intake.click(deps, client, team=str(context.team_id), user=body["user"]["id"],
                           channel=body["channel"]["id"], message=body["message"],
                           action=action, trigger_id=body["trigger_id"])

    for action_id in INTAKE_BUTTONS:
        app.action(action_id)(intake_preset)

    @app.action(ids.CARD_WHATIF)
    @app.action(ids.CARD_COMPARE)
    @app.action(ids.CARD_EDIT)
    @app.action(ids.CARD_DETAILS)
    @app.action(ids.CARD_EXPORT)
    async def card_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                          client: AsyncWebClient, context: AsyncBoltContext) -> None:
        await ack_now(ack)
        team, user, kind = str(context.team_id), body["user"]["id"], action["action_id"]
        ref, thread = cards.ref_of(action.get("value")), _card_thread(body)
        if kind == ids.CARD_WHATIF:
            await cards.open_whatif(deps, client, team=team, ref=ref,
                                    trigger_id=body["trigger_id"], place=thread)
        elif kind == ids.CARD_COMPARE:
            await cards.open_compare(deps, client, team=team, ref=ref,
                                     trigger_id=body["trigger_id"], place=thread)
        elif kind == ids.CARD_EDIT:
            await cards.edit(deps, client, team=team, user=user, ref=ref, thread=thread)
        elif kind == ids.CARD_DETAILS:
            await cards.details(deps, client, team=team, ref=ref, place=thread)
        else:
            await cards.export(deps, client, team=team, ref=ref, place=thread)

    @app.action(ids.matcher(ids.SCENARIO_OPEN))
    @app.action(ids.matcher(ids.SCENARIO_COMPARE))
    @app.action(ids.matcher(ids.SCENARIO_FORK))
    @app.action(ids.matcher(ids.SCENARIO_DELETE))
    async def scenario_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                              client: AsyncWebClient, context: AsyncBoltContext,
                              respond: AsyncRespond) -> None:
        await ack_now(ack)
        await scenario_verb(_verb(action["action_id"]), action.get("value") or "", body,
                            str(context.team_id), client, respond)

    @app.action(ids.matcher(ids.SCENARIO_MENU))
    async def scenario_menu(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                            client: AsyncWebClient, context: AsyncBoltContext,
                            respond: AsyncRespond) -> None:
        await ack_now(ack)
        try:
            choice = MenuChoice.decode(str((action.get("selected_option") or {})["value"]))
        except (KeyError, ValueError):
            raise Refusal("That menu choice is not one ftroi knows; list the scenarios "
                          "again with `/ftroi list`.") from None
        await scenario_verb(choice.verb, choice.ref.encode(), body, str(context.team_id),
                            client, respond)

    @app.action(ids.RENAME_CONFIRM)
    @app.action(ids.RENAME_CANCEL)
    async def rename_button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                            client: AsyncWebClient, context: AsyncBoltContext,
                            respond: AsyncRespond) -> None:
        await ack_now(ack)
        user, renaming = body["user"]["id"], renames.renaming_of(action.get("value"))
        if action["action_id"] == ids.RENAME_CONFIRM:
            outcome = await renames.rename(deps, team=str(context.team_id), user=user,
                                           renaming=renaming)
        else:
            outcome = renames.cancel(renaming)
        await tell(client, outcome, user=user, place=_place(body, user), respond=respond,
                   replace_original=True)

    @app.action(ids.LIST_MORE)
    async def list_more(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                        client: AsyncWebClient, context: AsyncBoltContext,
                        respond: AsyncRespond) -> None:
        await ack_now(ack)
        page = Page.decode(str(action.get("value") or "{}"))
        user = body["user"]["id"]
        message = await list_message(deps, team=str(context.team_id), user=user,
                                     query=ListQuery(page.scope, page.search),
                                     cursor=page.cursor)
        await tell(client, message, user=user, place=_place(body, user), respond=respond,
                   replace_original=True)
