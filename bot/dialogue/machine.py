"""The guided intake as a pure state machine: ``handle(state, event, today=…) -> (state, reply)``.

No I/O, no clock, no Slack: the same state and event always give the same result, so a
surface may retry it (storage's compare-and-set does) and two surfaces behave alike. Every
text gives a reply; an answer is applied only once it reads, the engine accepts the whole
scenario with it, and the person confirmed the echo of what was understood.

>>> from datetime import date
>>> day = date(2026, 11, 24)
>>> state, reply = handle(DialogueState(), Start(), today=day)
>>> reply.title, reply.values[0].text, reply.values[0].origin
('Workload', '50,000 requests/day', 'default')
>>> state, reply = handle(state, Text("80k requests a day, 600 in and 250 out"), today=day)
>>> reply.confirm, reply.echo[0]
(True, 'requests/day: 80,000')
>>> state, reply = handle(state, Text("yes"), today=day)
>>> reply.values[0].text, reply.values[0].origin
('80,000 requests/day', 'typed')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date

from pydantic import ValidationError

from bot.dialogue.answers import answer, choose_preset, propose, set_fields
from bot.dialogue.display import default_name
from bot.dialogue.draft import check, compose
from bot.dialogue.parse.text import clean, quote
from bot.dialogue.prefill import prefill
from bot.dialogue.prompt import base_of, prompt
from bot.dialogue.replies import Cancelled, Finished, Prompt, Reply
from bot.dialogue.state import (
    Back,
    Cancel,
    Change,
    ChoosePreset,
    Confirm,
    DialogueState,
    Event,
    Help,
    Next,
    Propose,
    Refuse,
    Retype,
    SetFields,
    Show,
    Skip,
    Start,
    Text,
)
from bot.dialogue.steps import NAME, STEPS, step, step_of
from bot.dialogue.targets import find_target
from storage.errors import InvalidInputError
from storage.rules import MAX_NAME_LENGTH, check_name

__all__ = ["finished", "first_of", "handle"]

_YES = {"", "y", "yes", "yep", "yeah", "ok", "okay", "confirm", "correct", "right", "sure"}
_NO = {"n", "no", "nope", "retype", "wrong", "redo"}
_NEXT = {"", "next", "done", "ok", "okay", "continue", "accept"}
_BACK = {"back", "go back", "previous", "prev"}
_CHANGE = re.compile(r"^(?:change|edit|go to|goto)\s+(?P<target>.+)$")
_PRESET = re.compile(r"^(?:preset|p)\s*#?\s*(?P<n>[0-9]{1,3})$")


def handle(state: DialogueState, event: Event, *, today: date) -> tuple[DialogueState, Reply]:
    """The next state and the reply to one event; ``today`` prices the catalog values."""
    if isinstance(event, Start):
        return _start(event, today)
    if state.status == "new":
        state, _ = _start(Start(), today)
    elif state.status == "cancelled":
        return state, Cancelled("This intake was cancelled; nothing was saved.")
    elif state.status == "finished":
        reopened = state.model_copy(update={"status": "active"})
        if isinstance(event, Refuse):
            return _refuse(reopened, event, today)
        try:
            return state, finished(state)
        except ValidationError:
            return _finish(reopened, today)
    if isinstance(event, Text):
        return _text(state, event.text, today)
    return _event(state, event, today)


def _event(state: DialogueState, event: Event, today: date) -> tuple[DialogueState, Reply]:
    if isinstance(event, Next | Back | Skip) and event.step not in (None, state.step):
        was = next((s.title for s in STEPS if s.id == event.step), event.step)
        return state, prompt(state, today, errors=(
            f"That button was for the step {was!r}; this intake is at "
            f"{step(state.step).title!r} now.",))
    if isinstance(event, Show):
        return state, prompt(state, today)
    if isinstance(event, Help):
        return state, prompt(state, today, show_help=True)
    if isinstance(event, Next):
        return _next(state, today)
    if isinstance(event, Skip):
        return _advance(state.model_copy(update={"pending": None}), today)
    if isinstance(event, Back):
        return _back(state, today)
    if isinstance(event, Cancel):
        what = f"{state.editing.name!r} is unchanged" if state.editing else "nothing was saved"
        return state.model_copy(update={"status": "cancelled", "pending": None}), \
            Cancelled(f"Cancelled: {what}.")
    if isinstance(event, Confirm):
        return _confirm(state, today)
    if isinstance(event, Retype):
        state = state.model_copy(update={"pending": None})
        return state, prompt(state, today, errors=("Not taken. Type the answer again.",))
    if isinstance(event, ChoosePreset):
        return choose_preset(state, event.step, event.index, today)
    if isinstance(event, SetFields):
        return _set_fields(state, event.values, today)
    if isinstance(event, Change):
        return _change(state, event.target, today)
    if isinstance(event, Refuse):
        return _refuse(state, event, today)
    if isinstance(event, Propose):
        return propose(state, event, today)
    raise TypeError(f"not a dialogue event: {event!r}")


def first_of(name: str, most: int = MAX_NAME_LENGTH) -> str:
    """The first ``most`` characters of a name, never ending inside a character's marks.

    >>> first_of("Support bot", 7), first_of("cafe\u0301s", 4)
    ('Support', 'caf')
    """
    cut = name[:most]
    while cut and (len(cut) < len(name) and unicodedata.category(name[len(cut)]) in _MARKS):
        cut = cut[:-1]
    return cut.rstrip()


#: Marks and joiners (ZWJ): they belong to the character before them.
_MARKS = {"Mn", "Mc", "Me", "Cf"}


def _start(event: Start, today: date) -> tuple[DialogueState, Reply]:
    errors: tuple[str, ...] = ()
    name = event.name.strip() if event.name else None
    if name is not None and len(name) > MAX_NAME_LENGTH:
        kept = first_of(name)
        errors = (f"name: {len(name)} characters is more than a name holds "
                  f"({MAX_NAME_LENGTH}); kept the first ones, {quote(kept)} — change it "
                  "on the last step",)
        name = kept
    if name is not None:
        try:
            check_name(name)
        except InvalidInputError as e:
            errors, name = (str(e),), None
    first = event.step if event.step in {s.id for s in STEPS} else STEPS[0].id
    state = DialogueState(status="active", step=first, name=name, editing=event.edit)
    if event.prefill:
        return prefill(state, event.prefill, today)
    return state, prompt(state, today, errors=errors)


def _text(state: DialogueState, text: str, today: date) -> tuple[DialogueState, Reply]:
    try:
        word = clean(text)
    except ValueError as e:
        return state, prompt(state, today, errors=(str(e),))
    if state.pending is not None:
        if word in _YES:
            return _confirm(state, today)
        if word in _NO:
            return _event(state, Retype(), today)
    command = _command(word, state)
    if command is not None:
        return _event(state, command, today)
    if state.step == NAME:
        return _name(state, text, today)
    return answer(state, text, today)


def _command(word: str, state: DialogueState) -> Event | None:
    """A command typed as text, or None for an answer."""
    fixed: Mapping[str, Event] = {"skip": Skip(), "cancel": Cancel(), "abort": Cancel(),
                                  "help": Help(), "?": Help()}
    if word in _NEXT:
        return Next()
    if word in _BACK:
        return Back()
    if word in fixed:
        return fixed[word]
    change = _CHANGE.match(word)
    if change:
        return Change(change["target"])
    preset = _PRESET.match(word)
    if preset:
        return ChoosePreset(state.step, int(preset["n"]) - 1)
    return None


def _confirm(state: DialogueState, today: date) -> tuple[DialogueState, Reply]:
    pending = state.pending
    if pending is None or pending.step != state.step:
        state = state.model_copy(update={"pending": None})
        return state, prompt(state, today, errors=("There is nothing to confirm.",))
    draft = {**state.draft, **pending.values}
    checked = check(base_of(state), draft, today=today, prefer=pending.values, step_id=state.step)
    state = state.model_copy(update={"pending": None})
    if not checked.ok:
        return state, prompt(state, today, errors=tuple(checked.errors.values()),
                             field_errors=checked.errors)
    update: dict[str, object] = {"draft": draft, "focus": None}
    if pending.measured is not None:
        update["measured"] = pending.measured
    state = state.model_copy(update=update)
    return state, prompt(state, today, echo=tuple(pending.echo))


def _next(state: DialogueState, today: date) -> tuple[DialogueState, Reply]:
    if state.pending is not None:
        state, reply = _confirm(state, today)
        if isinstance(reply, Prompt) and reply.errors:
            return state, reply
    return _advance(state, today)


def _advance(state: DialogueState, today: date) -> tuple[DialogueState, Reply]:
    if state.step == NAME:
        return _finish(state, today)
    ids = [s.id for s in STEPS]
    history = [*state.history, state.step]
    target = ids[ids.index(state.step) + 1]
    if state.return_to is not None:
        # Coming back from a Change: history is again what it was before the jump.
        target = state.return_to
        history = state.history[:-1] if state.history[-1:] == [target] else history
    state = state.model_copy(update={"step": target, "history": history, "return_to": None,
                                     "pending": None, "focus": None})
    return state, prompt(state, today)


def _back(state: DialogueState, today: date) -> tuple[DialogueState, Reply]:
    if not state.history:
        return state, prompt(state, today, errors=("This is the first step: there is nothing "
                                                   "to go back to.",))
    *history, previous = state.history
    state = state.model_copy(update={
        "step": previous, "history": history, "pending": None, "focus": None,
        "return_to": None if state.return_to == previous else state.return_to,
    })
    return state, prompt(state, today)


def _change(state: DialogueState, target: str, today: date) -> tuple[DialogueState, Reply]:
    found = find_target(target)
    if isinstance(found, str):
        return state, prompt(state, today, errors=(found,))
    step_id, spec = found
    focus = spec.path if spec is not None else None
    if step_id == state.step:
        state = state.model_copy(update={"focus": focus, "pending": None})
        return state, prompt(state, today, focus=focus)
    state = state.model_copy(update={
        "step": step_id, "history": [*state.history, state.step], "pending": None,
        "return_to": state.return_to or state.step, "focus": focus,
    })
    return state, prompt(state, today, focus=focus)


def _set_fields(state: DialogueState, values: Mapping[str, str],
                today: date) -> tuple[DialogueState, Reply]:
    if NAME in values:
        text = values[NAME].strip()
        try:
            name = check_name(text) if text else None
        except InvalidInputError as e:
            return state, prompt(state, today, errors=(str(e),), field_errors={NAME: str(e)})
        state = state.model_copy(update={"name": name})
        values = {k: v for k, v in values.items() if k != NAME}
        if not values:
            return state, prompt(state, today, echo=(f"name: {name or 'the default'}",))
    return set_fields(state, values, today)


def _name(state: DialogueState, text: str, today: date) -> tuple[DialogueState, Reply]:
    name = re.sub(r"^\s*name\s*:\s*", "", text, flags=re.IGNORECASE).strip()
    try:
        check_name(name)
    except InvalidInputError as e:
        message = f"{e}; you typed {quote(text)}"
        return state, prompt(state, today, errors=(message,), field_errors={NAME: message})
    return _finish(state.model_copy(update={"name": name}), today)


def _finish(state: DialogueState, today: date) -> tuple[DialogueState, Reply]:
    checked = check(base_of(state), state.draft, today=today, step_id=state.step)
    if not checked.ok:
        return state, prompt(state, today, errors=tuple(checked.errors.values()),
                             field_errors=checked.errors)
    state = state.model_copy(update={"status": "finished", "step": NAME, "pending": None})
    return state, finished(state)


def finished(state: DialogueState) -> Finished:
    """What a finished intake saves (again, for a save that did not complete).

    ``ValidationError`` if the engine no longer accepts the draft.
    """
    scenario = compose(base_of(state), state.draft)
    if state.measured is not None:
        scenario = scenario.model_copy(update={"measured": state.measured})
    edit = state.editing
    name = state.name or (edit.name if edit else default_name(scenario))
    return Finished(name=name, inputs=scenario, scenario_id=edit.scenario_id if edit else None,
                    base_version=edit.version if edit else None)


def _refuse(state: DialogueState, event: Refuse, today: date) -> tuple[DialogueState, Reply]:
    try:
        target = step_of(event.path).id
    except KeyError:
        target = NAME
    update: dict[str, object] = {"step": target, "pending": None}
    if event.path == NAME:
        update["name"] = None  # the refused name is not offered again
    state = state.model_copy(update=update)
    return state, prompt(state, today, errors=(event.message,),
                         field_errors={event.path: event.message})
