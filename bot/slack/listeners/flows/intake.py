"""The guided intake in a channel thread, one person's answers at a time.

The conversation key is (team, channel, thread, person): several people can answer in one
thread, each with their own intake; a restart or another replica continues from storage.

**One message per step.** A step is posted as a new message in the thread; a button on it
that keeps the intake on that step (a preset, Use these, Retype, a refused Next) updates
that same message in place, so a step's message always shows its current values. Moving
to another step posts a new message under the last one, so the thread reads top to bottom
as the answers were given — and a typed reply or an Edit… save is answered by a new
message *below* it, never by editing a message above what the person just wrote. Buttons
of an older step stay visible (Slack keeps them) and are refused with a note to the person
who pressed them; once the intake is saved or cancelled its step message becomes one line.
"""

from __future__ import annotations

import contextlib

from slack_sdk.web.async_client import AsyncWebClient

from bot.dialogue.replies import Cancelled, Finished, Prompt
from bot.dialogue.session import NotAtStep, Turn
from bot.dialogue.state import DialogueState, Event, SetFields, Show
from bot.dialogue.steps import step as step_info
from bot.slack.deps import Deps
from bot.slack.limits import FIELD_ERROR, truncate
from bot.slack.listeners.flows.post import Place, post, update
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.flows.results import drawing, post_finished
from bot.slack.values import ModalContext
from bot.slack.views import edit_step_modal, intake_step
from bot.slack.views.kit import Message
from bot.slack.views.thread import intake_root, step_closed
from storage import ConversationKey

__all__ = ["click", "key_of", "modal_errors", "show", "start", "submit_fields", "typed"]


def key_of(team: str, thread: Place, user: str) -> ConversationKey:
    if thread.thread_ts is None:
        raise ValueError("an intake lives in a thread; this place has none")
    return ConversationKey(team_id=team, channel_id=thread.channel,
                           thread_ts=thread.thread_ts, user_id=user)


def _step(prompt: Prompt, thread: Place) -> Message:
    # A D… conversation ftroi posts in is its own Messages tab (it is in no one else's).
    return intake_step(prompt, can_type=not thread.channel.startswith("D"))


async def show(deps: Deps, client: AsyncWebClient, thread: Place, turn: Turn, *,
               step_message: str | None = None) -> None:
    """Say what ``turn`` answered: a step, the end of the intake, or the saved result.
    ``step_message`` is the step message to update in place (see the module's rule)."""
    reply = turn.reply
    if isinstance(reply, Prompt):
        if step_message is not None:
            await update(client, thread.channel, step_message, _step(reply, thread))
        else:
            await post(client, thread, _step(reply, thread))
        return
    if isinstance(reply, Cancelled):
        closed = step_closed(reply.message)
    else:
        assert isinstance(reply, Finished) and turn.record is not None
        record = turn.record
        closed = step_closed(f"Saved as “{record.name}” (version {record.version.number}); "
                             "the result is below.")
    saved = turn.analysis if turn.record is not None else None
    # A saved intake's chart is drawn from here on, while the step closes and the card is
    # posted (dropped if another replica holds the card).
    async with drawing(deps, saved) if saved is not None else contextlib.nullcontext() \
            as chart:
        if step_message is not None:
            await update(client, thread.channel, step_message, closed)
        elif isinstance(reply, Cancelled):
            await post(client, thread, closed)
        if turn.record is not None and turn.analysis is not None:
            if turn.card_holder is not None and await deps.store.hold_owed_card(
                    turn.record.id, turn.record.version.number, holder=turn.card_holder,
                    now=deps.clock.now(), lease=deps.settings.card_lease) is None:
                return  # another delivery or replica holds the owed card, or posted it
            await post_finished(deps, client, thread, turn.record, turn.analysis, chart=chart)


async def start(deps: Deps, client: AsyncWebClient, *, team: str, user: str, channel: str,
                name: str | None = None, scenario_id: str | None = None,
                thread: Place | None = None, prefill: str | None = None) -> None:
    """Begin an intake: in a new thread under a root message, or in ``thread`` (editing a
    saved scenario from its card, or the thread of a message the shortcut was used on,
    whose ``prefill`` text is read for values to confirm)."""
    if thread is None:
        thread = (await post(client, Place(channel), intake_root(user))).thread
    key = key_of(team, thread, user)
    turn = await deps.dialogue(key, lambda s: s.start(name=name, scenario_id=scenario_id,
                                                      prefill=prefill))
    await show(deps, client, thread, turn)


def _not_at_step(state: DialogueState | None) -> Refusal:
    if state is None or state.status in ("new", "cancelled"):
        return Refusal("There is no intake of yours in this thread: it is someone else's, "
                       "or it is over. Start your own with `/ftroi new`.")
    if state.status == "finished":
        return Refusal("Your intake is being saved; its result will appear in this thread "
                       "in a moment.")
    return Refusal(f"That button belongs to an earlier step; your intake is at "
                   f"“{step_info(state.step).title}” now. Use the latest step message "
                   "in this thread, or type “help” in the thread to have that step shown "
                   "again.")


async def _handle_at(deps: Deps, key: ConversationKey, pressed: str, event: Event) -> Turn:
    """``event`` applied only while the person's intake is at ``pressed``; else refused: a
    button of someone else's intake, of one that is over, or of an older step. The check
    and the update are one compare-and-set, so a second delivery of a step's button racing
    the first (a double click, on this replica or another) is refused too, never answered
    with a second step message — or, on the last step, with a new intake."""
    try:
        return await deps.dialogue(key, lambda s: s.handle(event, at_step=pressed))
    except NotAtStep as e:
        raise _not_at_step(e.state) from None


async def click(deps: Deps, client: AsyncWebClient, *, team: str, user: str, thread: Place,
                message_ts: str, pressed: str, event: Event, trigger_id: str) -> None:
    """A button of the step ``pressed`` on the step message ``message_ts``: ``event``."""
    key = key_of(team, thread, user)
    turn = await _handle_at(deps, key, pressed, event)
    if isinstance(event, Show):
        assert isinstance(turn.reply, Prompt)
        await client.views_open(trigger_id=trigger_id, view=edit_step_modal(
            turn.reply, channel_id=thread.channel, thread_ts=thread.thread_ts))
        return
    same_step = not isinstance(turn.reply, Prompt) or turn.reply.step == pressed
    await show(deps, client, thread, turn, step_message=message_ts if same_step else None)


async def typed(deps: Deps, client: AsyncWebClient, *, team: str, user: str, thread: Place,
                text: str) -> bool:
    """A reply typed in ``thread``: True when it was an answer to this person's intake."""
    key = key_of(team, thread, user)
    state = await deps.dialogue(key, lambda s: s.load())
    if state is None or state.status in ("new", "cancelled"):
        return False
    try:
        turn = await deps.dialogue(key, lambda s: s.send(text, only_in_progress=True))
    except NotAtStep:
        return False  # the intake ended (a click saved it) as this was typed: just talk
    await show(deps, client, thread, turn)
    return True


async def submit_fields(deps: Deps, *, team: str, user: str, context: ModalContext,
                        values: dict[str, str]) -> tuple[Place, Turn]:
    """The Edit… modal of a step, saved: the thread and the dialogue's answer."""
    if context.channel_id is None or context.thread_ts is None or context.step is None:
        raise Refusal("This form has lost track of its intake; press Edit… again.")
    thread = Place(context.channel_id, context.thread_ts)
    key = key_of(team, thread, user)
    return thread, await _handle_at(deps, key, context.step, SetFields(values))


def modal_errors(turn: Turn, block_ids: list[str]) -> dict[str, str] | None:
    """The dialogue's problems as ``response_action="errors"`` (by the modal's block ids),
    or None when the values were taken. A problem not tied to a field goes on the first."""
    reply = turn.reply
    if not isinstance(reply, Prompt) or not (reply.errors or reply.field_errors):
        return None
    errors = {path: message for path, message in reply.field_errors.items()
              if path in block_ids}
    loose = [e for e in reply.errors if e not in errors.values()]
    if (loose or not errors) and block_ids:
        first = block_ids[0]
        errors[first] = "; ".join(filter(None, [errors.get(first), *loose]))
    return {block: truncate(message, FIELD_ERROR) for block, message in errors.items()}
