"""The guided intake in a thread: one message per step, and the step's Edit… modal.

:func:`intake_step` lays out a dialogue :class:`~bot.dialogue.replies.Prompt`: the step and
its question; what was understood of a typed answer, with Use these / Retype while it awaits
confirmation; what could not be used; the values so far (defaults and saved values marked);
the presets; Next / Edit… / Back / Cancel. Every button's value is a
:class:`~bot.slack.values.StepButton` naming its step, so a click on an older step's message
can be told apart (a preset's names its index too).

:func:`edit_step_modal` has one input per field, prefilled with ``edit_text`` (which reads
back to the same value); block_id is the field's path, so the machine's ``field_errors``
go straight back as ``response_action="errors"``. Submitted texts make a ``SetFields``.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    InputInteractiveElement,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.dialogue.replies import FieldValue, Prompt
from bot.slack import ids
from bot.slack.limits import (
    CONTEXT_TEXT,
    INPUT_HINT,
    INPUT_LABEL,
    PLAIN_TEXT_INPUT,
    SECTION_FIELDS,
    VIEW_TITLE,
    fit_lines,
    mrkdwn_text,
    one_line,
    slack_len,
    truncate,
)
from bot.slack.values import ModalContext, StepButton
from bot.slack.views.confirm import confirm_cancel
from bot.slack.views.kit import (
    Message,
    actions,
    button,
    context,
    fallback,
    fields_section,
    md,
    name_md,
    option,
    section,
)
from bot.slack.views.scenario_modal import metadata
from storage.rules import MAX_NAME_LENGTH

__all__ = [
    "MODAL_INPUTS",
    "PRESETS_SHOWN",
    "VALUES_SHOWN",
    "edit_step_modal",
    "intake_step",
    "preset_value",
]

_ORIGIN = {"default": " _(default)_", "saved": " _(saved)_", "typed": ""}
# Shares of the message's text budget, so any prompt fits (a real one uses a fraction):
_QUESTION, _ECHO, _PROBLEMS, _VALUES, _HELP = 1_000, 1_500, 1_500, 3_500, 1_000
_LINE = 400  # one echo or problem line
_MODAL_FIELDS = 8_000  # the Edit… modal's labels, hints and options together
PRESETS_SHOWN = 10
VALUES_SHOWN = 60  # in a step message (a real step has under 20)
MODAL_INPUTS = 95  # in the Edit… modal, within its 100 blocks


def preset_value(prompt: Prompt, index: int) -> str:
    """A preset button's value (its step and index), read back as ``ChoosePreset``."""
    return StepButton(prompt.step, index).encode()


def _step_value(prompt: Prompt) -> str:
    return StepButton(prompt.step).encode()


def _label(text: str) -> str:
    return text[:1].upper() + text[1:]


def _value_field(v: FieldValue, prompt: Prompt, room: int) -> tuple[str, str]:
    mark = ":warning: " if v.path in prompt.field_errors else (
        ":point_right: " if v.path == prompt.focus else "")
    origin = _ORIGIN.get(v.origin, "")
    return (f"{mark}{mrkdwn_text(_label(v.label), room // 3) or md(v.path)}",
            mrkdwn_text(v.text, room - room // 3 - len(origin)) + origin)


def _values(prompt: Prompt) -> list[Block]:
    shown = prompt.values[:VALUES_SHOWN]
    room = min(600, _VALUES // max(1, len(shown)))
    pairs = [_value_field(v, prompt, room) for v in shown]
    blocks: list[Block] = [fields_section(pairs[i:i + SECTION_FIELDS])
                           for i in range(0, len(pairs), SECTION_FIELDS)]
    if len(prompt.values) > len(shown):
        blocks.append(context([f"…and {len(prompt.values) - len(shown)} more: *Edit…* "
                               "shows every value."]))
    return blocks


def _understood(prompt: Prompt) -> list[Block]:
    lines = [f"• {mrkdwn_text(e, _LINE)}" for e in prompt.echo]
    if not lines:
        return []
    if not prompt.confirm:
        return [context([fit_lines(["Taken:", *lines], min(_ECHO, CONTEXT_TEXT),
                                   more=lambda n: f"…and {n} more")])]
    return [
        section(fit_lines(["*I read this as:*", *lines], _ECHO,
                               more=lambda n: f"…and {n} more")),
        actions([button("Use these", ids.INTAKE_USE, _step_value(prompt), style="primary"),
                 button("Retype", ids.INTAKE_RETYPE, _step_value(prompt))]),
    ]


def _problems(prompt: Prompt) -> list[Block]:
    shown = [*prompt.errors, *(e for e in prompt.field_errors.values()
                               if e not in prompt.errors)]
    if not shown:
        return []
    lines = [f":warning: {mrkdwn_text(e, _LINE)}" for e in shown]
    return [section(fit_lines(lines, _PROBLEMS, more=lambda n: f"…and {n} more"))]


def _presets(prompt: Prompt) -> list[Block]:
    if not prompt.presets:
        return []
    buttons = [button(one_line(label) or f"Preset {i + 1}", ids.item(ids.INTAKE_PRESET, i),
                      preset_value(prompt, i))
               for i, label in enumerate(prompt.presets[:PRESETS_SHOWN])]
    return [context(["Or start from a preset:"]), actions(buttons)]


def _navigation(prompt: Prompt) -> Block:
    last = prompt.number == prompt.total
    nav = [button("Save" if last else "Next", ids.INTAKE_NEXT, _step_value(prompt),
                  style=None if prompt.confirm else "primary"),
           button("Edit…", ids.INTAKE_EDIT, _step_value(prompt))]
    if prompt.number > 1:
        nav.append(button("Back", ids.INTAKE_BACK, _step_value(prompt)))
    nav.append(button("Cancel", ids.INTAKE_CANCEL, _step_value(prompt), style="danger",
                      confirm=confirm_cancel(prompt.editing)))
    return actions(nav)


#: Under a step, where typed answers are read (a channel thread) — and where they are not:
#: the app's Messages tab, read-only (deploy/slack-app-manifest.yml), where only the
#: buttons and Edit…'s form take answers.
TYPE_HERE = "Or type in this thread: several values in one line work, and `help` shows examples."
BUTTONS_HERE = ("This conversation with ftroi is read-only: answer with the buttons, or type "
                "values in Edit….")


def intake_step(prompt: Prompt, *, can_type: bool = True) -> Message:
    """The message for one step of the intake; ``can_type=False`` where replies cannot be
    typed (the app's Messages tab)."""
    editing = f" · editing *{name_md(prompt.editing)}*" if prompt.editing else ""
    lead = f"*Step {prompt.number} of {prompt.total}: {md(one_line(prompt.title))}*{editing}"
    blocks: list[Block] = [
        section(f"{lead}\n{mrkdwn_text(prompt.question, _QUESTION)}"),
        *_understood(prompt),
        *_problems(prompt),
        *_values(prompt),
        *_presets(prompt),
    ]
    if prompt.show_help:
        blocks.append(context([f":bulb: {mrkdwn_text(prompt.help, _HELP)}"]))
    blocks += [_navigation(prompt), context([TYPE_HERE if can_type else BUTTONS_HERE])]
    return Message(text=fallback(f"Step {prompt.number} of {prompt.total}: {prompt.title}. "
                                 f"{prompt.question}"), blocks=tuple(blocks))


def _element(v: FieldValue) -> InputInteractiveElement:
    """A select for a fixed set of values (the field's own, read back by the parser), else
    text."""
    action_id = ids.item(ids.FIELD_VALUE, v.path)
    if v.choices:
        options = [option(_label(label), value) for value, label in v.choices]
        initial = next((o for o in options if o.value == v.chosen), None)
        return StaticSelectElement(action_id=action_id, options=options, initial_option=initial)
    longest = MAX_NAME_LENGTH if v.path == "name" else PLAIN_TEXT_INPUT
    return PlainTextInputElement(action_id=action_id, initial_value=v.edit_text or None,
                                 max_length=longest)


def _input(v: FieldValue, prompt: Prompt, room: int) -> InputBlock:
    """One field's input; ``room`` is its share of the view's text (label and hint)."""
    problem = prompt.field_errors.get(v.path)
    now = f"Now: {v.text}" + ("" if v.origin == "typed" else f" ({v.origin})")
    hint = f"⚠️ {problem}" if problem else now + (" — empty keeps it" if not v.edit_text
                                                  else "")
    label = truncate(one_line(_label(v.label)) or v.path, min(INPUT_LABEL, room // 3))
    return InputBlock(block_id=v.path, optional=True, label=PlainTextObject(text=label or "…"),
                      element=_element(v),
                      hint=PlainTextObject(text=truncate(hint, min(INPUT_HINT,
                                                                 room - room // 3)) or "…"))


def edit_step_modal(prompt: Prompt, *, channel_id: str | None = None,
                    thread_ts: str | None = None) -> View:
    """The Edit… modal of ``prompt``'s step: one input per field, prefilled."""
    title = one_line(prompt.title)
    if not 0 < slack_len(title) <= VIEW_TITLE:
        title = f"Step {prompt.number} of {prompt.total}"
    blocks: list[Block] = [section(mrkdwn_text(prompt.question, _QUESTION))]
    values = prompt.values[:MODAL_INPUTS]
    options = sum(len(label) for v in values for _, label in v.choices)
    room = max(0, _MODAL_FIELDS - options) // max(1, len(values))
    blocks += [_input(v, prompt, room) for v in values]
    return View(type="modal", callback_id=ids.STEP_MODAL,
                title=PlainTextObject(text=truncate(title, VIEW_TITLE)),
                submit=PlainTextObject(text="Save"), close=PlainTextObject(text="Cancel"),
                private_metadata=metadata(ModalContext(channel_id=channel_id,
                                                       thread_ts=thread_ts, step=prompt.step)),
                blocks=blocks)
