"""Modal submissions, one named handler each: an intake step's Edit…, What if…, Compare
with…, and New scenario; and the options of Compare with…'s external select (past 100
scenarios).

A submission is read and checked *before* the ack: what cannot be used goes back with
``ack(response_action="errors", errors={block_id: message})`` and the modal stays open
with the message under the field. Only once the values are taken does the modal close and
the result get posted. The modal's ``private_metadata`` is a
:class:`~bot.slack.values.ModalContext`, read by the codec before anything else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.limits import FIELD_ERROR, truncate
from bot.slack.listeners import run
from bot.slack.listeners.ack import ack_now
from bot.slack.listeners.flows import intake
from bot.slack.listeners.flows.forks import post_fork, save_fork
from bot.slack.listeners.flows.modal_read import WhatIf, picked, read_whatif, view_texts
from bot.slack.listeners.flows.post import Place, post
from bot.slack.listeners.flows.problems import Refusal, describe
from bot.slack.listeners.flows.results import analyse_record, post_comparison
from bot.slack.listeners.run import Slack
from bot.slack.payloads import BlockSuggestion, ViewSubmission
from bot.slack.values import ModalContext, ScenarioRef
from bot.slack.views import scenario_options
from bot.slack.views.thread import intake_root
from engine.errors import EngineError
from storage import NameTakenError, StorageError

__all__ = ["OPTIONS", "VIEWS", "register"]

Then = Callable[[], Awaitable[None]]


def _answer_place(context: ModalContext, user: str) -> Place:
    """Where a modal's result goes: the card's thread or channel, else the person's DM."""
    return Place(context.channel_id, context.thread_ts) if context.channel_id else Place(user)


async def _submit(slack: Slack, first_block: str,
                  prepare: Callable[[], Awaitable[dict[str, str] | Then]]) -> None:
    """Ack with field errors, or ack and go on. A refusal of the whole form (the intake
    moved on, the scenario was deleted, the engine cannot use the inputs, the database does
    not answer) goes on the first field: the person sees it where they are, the modal
    still open."""
    assert slack.ack is not None
    try:
        outcome = await prepare()
    except (Refusal, StorageError, EngineError) as e:
        outcome = {first_block: truncate(describe(e, reference="-").text, FIELD_ERROR)}
    if isinstance(outcome, dict):
        await slack.ack(response_action="errors", errors=outcome)
        return
    await ack_now(slack.ack, slack.deps.unanswered)
    await outcome()


async def step_saved(slack: Slack, form: ViewSubmission, context: ModalContext) -> None:
    texts = view_texts(form.view.model_dump())
    blocks = list(texts)

    async def prepare() -> dict[str, str] | Then:
        thread, turn = await intake.submit_fields(
            slack.deps, team=slack.team, user=form.user.id, context=context, values=texts)
        errors = intake.modal_errors(turn, blocks)
        return errors if errors else (lambda: intake.show(slack.deps, slack.client, thread,
                                                          turn))

    await _submit(slack, blocks[0] if blocks else "", prepare)


async def whatif_saved(slack: Slack, form: ViewSubmission, context: ModalContext) -> None:
    deps, team, user = slack.deps, slack.team, form.user.id

    async def prepare() -> dict[str, str] | Then:
        if context.scenario_id is None:
            raise Refusal("This form has lost track of its scenario; press What if… again.")
        parent = await deps.store.get_scenario(team, context.scenario_id,
                                               version=context.version)
        before = await analyse_record(parent, today=deps.clock.today())
        read = read_whatif(view_texts(form.view.model_dump()), parent.inputs, before)
        if not isinstance(read, WhatIf):
            return read
        try:
            fork, after = await save_fork(deps, team=team, user=user, parent=parent,
                                          inputs=read.inputs, text=read.sentence,
                                          name=read.name)
        except NameTakenError as e:
            return {ids.FORK_NAME: str(e)}
        return lambda: post_fork(deps, slack.client, _answer_place(context, user), fork,
                                 after, parent, before)

    await _submit(slack, ids.WHATIF_SENTENCE, prepare)


async def compare_saved(slack: Slack, form: ViewSubmission, context: ModalContext) -> None:
    deps, team, user = slack.deps, slack.team, form.user.id
    # The options' values are the codec's too: one ftroi did not write refuses the form.
    refs = [ScenarioRef.decode(v) for v in picked(form.view.model_dump(), ids.COMPARE_PICK)]

    async def prepare() -> dict[str, str] | Then:
        if context.scenario_id is None:
            raise Refusal("This form has lost track of its scenario; press Compare "
                          "with… again.")
        if not refs:
            return {ids.COMPARE_PICK: "Pick at least one scenario to compare with."}
        base = ScenarioRef(context.scenario_id, context.version or 1)
        records = [await deps.store.get_scenario(team, r.scenario_id, version=r.version)
                   for r in [base, *refs[:3]]]
        return lambda: post_comparison(deps, slack.client, _answer_place(context, user),
                                       records)

    await _submit(slack, ids.COMPARE_PICK, prepare)


async def new_saved(slack: Slack, form: ViewSubmission) -> None:
    deps, team, user = slack.deps, slack.team, form.user.id
    texts = view_texts(form.view.model_dump())

    async def prepare() -> dict[str, str] | Then:
        channel = texts.get(ids.NEW_CHANNEL, "")
        try:
            root = await post(slack.client, Place(channel), intake_root(user))
        except SlackApiError as e:
            return {ids.NEW_CHANNEL: describe(e, reference="-").text}
        return lambda: intake.start(deps, slack.client, team=team, user=user,
                                    channel=channel, name=texts.get(ids.NEW_NAME) or None,
                                    thread=root.thread)

    await _submit(slack, ids.NEW_CHANNEL, prepare)


async def compare_options(slack: Slack, typed: BlockSuggestion, context: ModalContext) -> None:
    assert slack.ack is not None
    page = await slack.deps.store.list_scenarios(slack.team, search=typed.value.strip() or None,
                                                 limit=100)
    options = scenario_options(page.items, exclude=context.scenario_id)
    await slack.ack(options=[o.to_dict() for o in options])


VIEWS: tuple[tuple[run.Constraint, run.Handler], ...] = (
    (ids.STEP_MODAL, step_saved),
    (ids.WHATIF_MODAL, whatif_saved),
    (ids.COMPARE_MODAL, compare_saved),
    (ids.NEW_MODAL, new_saved),
)
OPTIONS: tuple[tuple[run.Constraint, run.Handler], ...] = ((ids.COMPARE_PICK, compare_options),)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, views=VIEWS, options=OPTIONS)
