"""Modal submissions: an intake step's Edit…, What if…, Compare with…, and New scenario;
and the options of Compare with…'s external select (past 100 scenarios).

A submission is read and checked *before* the ack: what cannot be used goes back with
``ack(response_action="errors", errors={block_id: message})`` and the modal stays open
with the message under the field. Only once the values are taken does the modal close and
the result get posted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.ids import ModalContext, ScenarioRef
from bot.slack.listeners.ack import ack_now
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.forks import post_fork, save_fork
from bot.slack.listeners.flows.modal_read import WhatIf, picked, read_whatif, view_texts
from bot.slack.listeners.flows.post import Place, post
from bot.slack.listeners.flows.problems import Refusal, describe
from bot.slack.listeners.flows.results import analyse_record, post_comparison
from bot.slack.views import scenario_options
from bot.slack.views.thread import intake_root
from engine.errors import EngineError
from storage import NameTakenError, StorageError

__all__ = ["register"]

Then = Callable[[], Awaitable[None]]


def _context(view: dict[str, Any]) -> ModalContext:
    return ModalContext.decode(str(view.get("private_metadata") or ""))


def _answer_place(context: ModalContext, user: str) -> Place:
    """Where a modal's result goes: the card's thread or channel, else the person's DM."""
    return Place(context.channel_id, context.thread_ts) if context.channel_id else Place(user)


async def _submit(ack: AsyncAck, first_block: str, prepare: Callable[[], Awaitable[
        dict[str, str] | Then]]) -> None:
    """Ack with field errors, or ack and go on. A refusal of the whole form (the intake
    moved on, the scenario was deleted, the engine cannot use the inputs) goes on the
    first field: the person sees it where they are, the modal still open."""
    try:
        outcome = await prepare()
    except (Refusal, StorageError, EngineError) as e:
        outcome = {first_block: describe(e, reference="-").text[:1_900]}
    if isinstance(outcome, dict):
        await ack(response_action="errors", errors=outcome)
        return
    await ack_now(ack)
    await outcome()


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(ids.STEP_MODAL)
    async def step_saved(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                         client: AsyncWebClient, context: AsyncBoltContext) -> None:
        texts = view_texts(view)
        blocks = list(texts)

        async def prepare() -> dict[str, str] | Then:
            thread, turn = await intake.submit_fields(
                deps, team=str(context.team_id), user=body["user"]["id"],
                context=_context(view), values=texts)
            errors = intake.modal_errors(turn, blocks)
            return errors if errors else (lambda: intake.show(deps, client, thread, turn))

        await _submit(ack, blocks[0] if blocks else "", prepare)

    @app.view(ids.WHATIF_MODAL)
    async def whatif_saved(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                           client: AsyncWebClient, context: AsyncBoltContext) -> None:
        team, user, modal = str(context.team_id), body["user"]["id"], _context(view)

        async def prepare() -> dict[str, str] | Then:
            if modal.scenario_id is None:
                raise Refusal("This form has lost track of its scenario; press What if… again.")
            parent = await deps.store.get_scenario(team, modal.scenario_id,
                                                   version=modal.version)
            before = await analyse_record(parent, today=deps.clock.today())
            form = read_whatif(view_texts(view), parent.inputs, before)
            if not isinstance(form, WhatIf):
                return form
            try:
                fork, after = await save_fork(deps, team=team, user=user, parent=parent,
                                              inputs=form.inputs, text=form.sentence,
                                              name=form.name)
            except NameTakenError as e:
                return {ids.FORK_NAME: str(e)}
            return lambda: post_fork(deps, client, _answer_place(modal, user), fork, after, parent,
                                     before)

        await _submit(ack, ids.WHATIF_SENTENCE, prepare)

    @app.view(ids.COMPARE_MODAL)
    async def compare_saved(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                            client: AsyncWebClient, context: AsyncBoltContext) -> None:
        team, user, modal = str(context.team_id), body["user"]["id"], _context(view)

        async def prepare() -> dict[str, str] | Then:
            refs = [ScenarioRef.decode(v) for v in picked(view, ids.COMPARE_PICK)]
            if modal.scenario_id is None:
                raise Refusal("This form has lost track of its scenario; press Compare "
                              "with… again.")
            if not refs:
                return {ids.COMPARE_PICK: "Pick at least one scenario to compare with."}
            base = ScenarioRef(modal.scenario_id, modal.version or 1)
            records = [await deps.store.get_scenario(team, r.scenario_id, version=r.version)
                       for r in [base, *refs[:3]]]
            return lambda: post_comparison(client, _answer_place(modal, user), records,
                                           today=deps.clock.today())

        await _submit(ack, ids.COMPARE_PICK, prepare)

    @app.view(ids.NEW_MODAL)
    async def new_saved(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                        client: AsyncWebClient, context: AsyncBoltContext) -> None:
        team, user, texts = str(context.team_id), body["user"]["id"], view_texts(view)

        async def prepare() -> dict[str, str] | Then:
            channel = texts.get(ids.NEW_CHANNEL, "")
            try:
                root = await post(client, Place(channel), intake_root(user))
            except SlackApiError as e:
                return {ids.NEW_CHANNEL: describe(e, reference="-").text}
            return lambda: intake.start(deps, client, team=team, user=user, channel=channel,
                                        name=texts.get(ids.NEW_NAME) or None,
                                        thread=root.thread)

        await _submit(ack, ids.NEW_CHANNEL, prepare)

    @app.options(ids.COMPARE_PICK)
    async def compare_options(ack: AsyncAck, body: dict[str, Any],
                              context: AsyncBoltContext) -> None:
        typed = str(body.get("value") or "").strip()
        modal = _context(body.get("view") or {})
        page = await deps.store.list_scenarios(str(context.team_id), search=typed or None,
                                               limit=100)
        options = scenario_options(page.items, exclude=modal.scenario_id)
        await ack(options=[o.to_dict() for o in options])
