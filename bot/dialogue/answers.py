"""Answers to a step: a typed line, a preset, the Edit… modal. Each is read, checked against
the engine with the whole draft, and either refused (quoted, with what is accepted) or
taken — a typed line only after its echo is confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import ValidationError

from bot.dialogue.display import describe, edit_text
from bot.dialogue.draft import check, compose
from bot.dialogue.parse import Context, ParseError, parse_step_answer, read_field, value_at
from bot.dialogue.parse.text import quote
from bot.dialogue.prompt import base_of, prompt
from bot.dialogue.replies import Reply
from bot.dialogue.state import DialogueState, Pending, Propose, Scalar
from bot.dialogue.steps import STEPS, field_of, preset_values, step
from engine.models import Scenario

__all__ = ["answer", "checked_pending", "choose_preset", "propose", "set_fields"]


def answer(state: DialogueState, text: str, today: date) -> tuple[DialogueState, Reply]:
    """A typed line for the current step: echoed for confirmation, or refused."""
    s = step(state.step)
    base = base_of(state)
    current = _current(base, state)
    unset = [p for p in s.paths if p not in state.draft]
    try:
        parsed = parse_step_answer(text, s.fields, unset=unset, focus=state.focus,
                                   current={p: value_at(current, p) for p in s.paths})
    except ValueError as e:  # the parsers' errors are ValueErrors; each names what it read
        return state, prompt(state, today, errors=(str(e),))
    unread = parsed.problems
    if not parsed.values:
        return state, prompt(state, today, errors=unread or (
            f"nothing to read in {quote(text)}; type 'help' for examples",))
    return checked_pending(state, text, parsed.values, parsed.echo, unread, today)


def checked_pending(state: DialogueState, text: str, read: Mapping[str, object],
                    echo: tuple[str, ...], unread: tuple[str, ...],
                    today: date) -> tuple[DialogueState, Reply]:
    """Values read from ``text``, checked with the whole draft: awaiting confirmation at
    the current step (echoed), or refused with what is wrong."""
    values: dict[str, Scalar] = {k: _scalar(v) for k, v in read.items()}
    checked = check(base_of(state), {**state.draft, **values}, today=today, prefer=values,
                    step_id=state.step)
    if not checked.ok:
        state = state.model_copy(update={"pending": None})
        return state, prompt(state, today, errors=(*checked.errors.values(), *unread),
                             field_errors=checked.errors)
    pending = Pending(step=state.step, text=text, values=values, echo=list(echo),
                      unread=list(unread))
    state = state.model_copy(update={"pending": pending})
    return state, prompt(state, today, echo=echo, confirm=True, errors=unread)


def propose(state: DialogueState, event: Propose, today: date) -> tuple[DialogueState, Reply]:
    """Values offered for the current step (read from a usage export): checked with the whole
    draft, then echoed with why they are what they are, awaiting yes or no."""
    if event.step != state.step:
        return state, prompt(state, today, errors=(
            f"those values were for the step {step(event.step).title!r}; this intake is at "
            f"{step(state.step).title!r} now",))
    values = {k: _scalar(v) for k, v in event.values.items()}
    checked = check(base_of(state), {**state.draft, **values}, today=today, prefer=values,
                    step_id=state.step)
    if not checked.ok or checked.scenario is None:
        return state, prompt(state, today, errors=tuple(checked.errors.values()),
                             field_errors=checked.errors)
    echo = (*describe(values, checked.scenario, checked.resolved), *event.why)
    pending = Pending(step=state.step, text=event.text, values=values, echo=list(echo),
                      measured=event.measured)
    state = state.model_copy(update={"pending": pending})
    return state, prompt(state, today, echo=echo, confirm=True)


def choose_preset(state: DialogueState, step_id: str, index: int,
                  today: date) -> tuple[DialogueState, Reply]:
    """A preset button: applied at once (the person chose it, nothing was guessed)."""
    ids = [s.id for s in STEPS]
    if step_id not in ids:
        return state, prompt(state, today, errors=(
            f"no step {quote(step_id)}; accepted: {', '.join(ids)}",))
    presets = step(step_id).presets
    if not 0 <= index < len(presets):
        listed = "; ".join(f"{n} {p.label}" for n, p in enumerate(presets, 1)) or "none"
        return state, prompt(state, today, errors=(
            f"no preset {index + 1} in {step(step_id).title}; its presets: {listed}",))
    values = {k: _scalar(v) for k, v in preset_values(step_id, index).items()}
    draft = {**state.draft, **values}
    checked = check(base_of(state), draft, today=today, prefer=values, step_id=step_id)
    if not checked.ok or checked.scenario is None:
        return state, prompt(state, today, errors=tuple(checked.errors.values()),
                             field_errors=checked.errors)
    state = state.model_copy(update={"draft": draft, "pending": None})
    echo = (f"Preset: {presets[index].label}",
            *describe(values, checked.scenario, checked.resolved))
    return state, prompt(state, today, echo=echo)


def set_fields(state: DialogueState, texts: Mapping[str, str],
               today: date) -> tuple[DialogueState, Reply]:
    """The Edit… modal's fields: all taken, or none, with errors keyed by path. A field whose
    text reads as its current value is left as it is (not marked typed)."""
    base = base_of(state)
    current = _current(base, state)
    errors: dict[str, str] = {}
    typed: dict[str, Scalar] = {}
    implied: dict[str, Scalar] = {}
    resets: set[str] = set()
    for path, text in texts.items():
        try:
            spec = field_of(path)
        except KeyError:
            errors[path] = f"{quote(path)} is not a field of this intake"
            continue
        if spec.path != path:
            errors[path] = f"{quote(path)} is set through {spec.label} ({spec.path})"
            continue
        if text == edit_text(spec, current):
            continue
        if not text.strip():
            resets |= {path, *(p for s in STEPS for p, owner in s.owned.items()
                               if owner == path)}
            continue
        try:
            reading = read_field(text, spec, Context(current={
                p: value_at(current, p) for p in (spec.same_as,) if p}))
        except ParseError as e:
            errors[path] = f"{spec.label}: {e}"
            continue
        if all(value_at(current, p) == v for p, v in reading.values.items()):
            continue  # the same value written another way (a select's option value)
        typed.update({k: _scalar(v) for k, v in reading.values.items()})
        implied.update({k: _scalar(v) for k, v in reading.implied.items()})
    if errors:
        return state, prompt(state, today, errors=tuple(errors.values()), field_errors=errors)
    values = {**{k: v for k, v in implied.items() if k not in typed}, **typed}
    draft = {k: v for k, v in state.draft.items() if k not in resets} | values
    checked = check(base, draft, today=today, texts=texts, prefer=values, step_id=state.step)
    if not checked.ok or checked.scenario is None:
        return state, prompt(state, today, errors=tuple(checked.errors.values()),
                             field_errors=checked.errors)
    state = state.model_copy(update={"draft": draft, "pending": None})
    shown = {**values, **dict.fromkeys(resets)}
    return state, prompt(state, today, echo=describe(shown, checked.scenario, checked.resolved))


def _current(base: Scenario, state: DialogueState) -> Scenario:
    """The draft as a scenario; the base when the engine no longer accepts the draft (the
    prompt then shows why, and the answer is checked with the whole draft all the same)."""
    try:
        return compose(base, state.draft)
    except ValidationError:
        return base


def _scalar(value: object) -> Scalar:
    """A parsed value as the draft keeps it (JSON scalars only)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a parsed value must be a JSON scalar, got {value!r}")
