"""The :class:`~bot.dialogue.replies.Prompt` for the state's current step.

>>> from datetime import date
>>> from bot.dialogue.state import DialogueState
>>> p = prompt(DialogueState(status="active", step="api"), date(2026, 11, 24))
>>> p.number, p.total, p.title, p.presets[0], p.values[1].text
(2, 6, 'Current API', 'GPT-4o', '$2.50/1M tokens (catalog, 2026-11-24)')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.dialogue.display import default_name, field_values
from bot.dialogue.draft import check
from bot.dialogue.replies import FieldValue, Origin, Prompt
from bot.dialogue.state import DialogueState
from bot.dialogue.steps import NAME, STEPS, step
from engine.models import Scenario

__all__ = ["base_of", "prompt"]


def base_of(state: DialogueState) -> Scenario:
    """What the draft is applied to: the edited scenario's inputs, or the engine's defaults."""
    return state.editing.inputs if state.editing else Scenario()


def prompt(
    state: DialogueState,
    today: date,
    *,
    echo: tuple[str, ...] = (),
    confirm: bool = False,
    errors: tuple[str, ...] = (),
    field_errors: Mapping[str, str] | None = None,
    show_help: bool = False,
    focus: str | None = None,
) -> Prompt:
    """The current step with the values so far. An answer awaiting confirmation is echoed
    again; the draft's own problems are added to ``errors`` (a draft the catalogs no longer
    accept after a long pause, say)."""
    pending = state.pending
    if pending is not None and not echo:  # a resumed or repeated prompt still asks to confirm
        echo, confirm = tuple(pending.echo), True
        errors = (*errors, *pending.unread)
    s = step(state.step)
    base = base_of(state)
    checked = check(base, state.draft, today=today, step_id=s.id)
    scenario = checked.scenario
    if scenario is None:
        errors = (*errors, *(e for e in checked.errors.values() if e not in errors))
        field_errors = {**checked.errors, **(field_errors or {})}
        scenario = base
    if s.id == NAME:
        values: tuple[FieldValue, ...] = (_name_value(state, scenario),)
    else:
        values = field_values(s, scenario, checked.resolved, state.draft,
                              editing=state.editing is not None)
    return Prompt(
        step=s.id,
        number=STEPS.index(s) + 1,
        total=len(STEPS),
        title=s.title,
        question=s.question,
        help=s.help,
        values=values,
        presets=tuple(p.label for p in s.presets),
        echo=echo,
        confirm=confirm,
        errors=errors,
        field_errors=dict(field_errors or {}),
        show_help=show_help,
        focus=focus or state.focus,
        returns_to=state.return_to,
        editing=state.editing.name if state.editing else None,
    )


def _name_value(state: DialogueState, scenario: Scenario) -> FieldValue:
    origin: Origin = "typed" if state.name else "saved" if state.editing else "default"
    name = state.name or (state.editing.name if state.editing else default_name(scenario))
    return FieldValue(path=NAME, label="name", kind="name", text=name, origin=origin,
                      edit_text=name)
