"""The What if… and Edit modals: every main input of a scenario, prefilled.

What if… makes a fork: a name for it, an optional sentence ("volume x2, gpu h100", read by
``parse_whatif``) and the fields; Edit saves a new version of the same scenario. Each input's
block_id is the field's dotted path and its action_id ``item(FIELD_VALUE, path)`` (unique in
the view), so a listener reads ``state.values[path][item(FIELD_VALUE, path)]`` and answers a
bad value with ``response_action="errors"`` keyed by the same path. ``private_metadata`` carries a
:class:`~bot.slack.values.ModalContext`.
"""

from __future__ import annotations

from typing import Literal

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    InputInteractiveElement,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.dialogue.parse import ACCEPTED_CHANGES
from bot.slack import ids
from bot.slack.limits import (
    INPUT_HINT,
    PLACEHOLDER,
    PRIVATE_METADATA,
    slack_len,
    truncate,
)
from bot.slack.values import ModalContext
from bot.slack.views.fields import ModalField, current, initial_text, scenario_fields
from bot.slack.views.kit import header, name_md, option, section
from engine.catalog.gpus import GpuCatalog
from engine.models import Scenario
from storage.rules import MAX_NAME_LENGTH

__all__ = ["edit_modal", "field_input", "metadata", "whatif_modal"]

Purpose = Literal["whatif", "edit"]
_FORK_SUFFIX = " (what if)"


def metadata(context: ModalContext) -> str:
    """``private_metadata`` for a modal; refuses what would not fit."""
    text = context.encode()
    if slack_len(text) > PRIVATE_METADATA:
        raise ValueError(f"private_metadata holds {PRIVATE_METADATA} characters, "
                         f"not {slack_len(text)}")
    return text


def _element(field: ModalField, value: object) -> InputInteractiveElement:
    action_id = ids.item(ids.FIELD_VALUE, field.spec.path)
    if field.choices:
        options = [option(label, choice) for choice, label in field.choices]
        shown = "yes" if value is True else "no" if value is False else value
        initial = next((o for o in options if o.value == shown), None)
        return StaticSelectElement(action_id=action_id, options=options, initial_option=initial)
    text = initial_text(field, value)
    return PlainTextInputElement(action_id=action_id, initial_value=text or None)


def field_input(field: ModalField, inputs: Scenario) -> InputBlock:
    """One input block for ``field``, prefilled from ``inputs``; block_id is its path."""
    spec = field.spec
    return InputBlock(
        block_id=spec.path,
        label=PlainTextObject(text=spec.label),
        element=_element(field, current(inputs, spec.path)),
        hint=PlainTextObject(text=truncate(field.hint, INPUT_HINT)) if field.hint else None,
        optional=field.optional,
    )


def _fields(inputs: Scenario, catalog: GpuCatalog | None) -> list[Block]:
    blocks: list[Block] = []
    group = None
    for field in scenario_fields(catalog):
        if field.group != group:
            group = field.group
            blocks.append(header(group))
        blocks.append(field_input(field, inputs))
    return blocks


def _view(purpose: Purpose, intro: list[Block], inputs: Scenario, context: ModalContext,
          catalog: GpuCatalog | None) -> View:
    whatif = purpose == "whatif"
    return View(
        type="modal",
        callback_id=ids.WHATIF_MODAL if whatif else ids.EDIT_MODAL,
        title=PlainTextObject(text="What if…" if whatif else "Edit scenario"),
        submit=PlainTextObject(text="Fork it" if whatif else "Save new version"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=metadata(context),
        blocks=[*intro, *_fields(inputs, catalog)],
    )


def whatif_modal(inputs: Scenario, *, scenario_id: str, version: int, name: str,
                 channel_id: str | None = None, thread_ts: str | None = None,
                 catalog: GpuCatalog | None = None) -> View:
    """Fork ``name`` v``version`` with changes: in a sentence, in the fields, or both."""
    fork_name = truncate(name, MAX_NAME_LENGTH - len(_FORK_SUFFIX)) + _FORK_SUFFIX
    intro: list[Block] = [
        section(f"Change anything about *{name_md(name)}* (version {version}). "
                "The result is a new scenario, a fork; the original stays as it is."),
        InputBlock(block_id=ids.FORK_NAME, label=PlainTextObject(text="Name of the fork"),
                   element=PlainTextInputElement(action_id=ids.item(ids.FIELD_VALUE,
                                                                    ids.FORK_NAME),
                                                 initial_value=fork_name,
                                                 max_length=MAX_NAME_LENGTH)),
        InputBlock(
            block_id=ids.WHATIF_SENTENCE, optional=True,
            label=PlainTextObject(text="The change, in words"),
            element=PlainTextInputElement(
                action_id=ids.item(ids.FIELD_VALUE, ids.WHATIF_SENTENCE), multiline=True,
                placeholder=PlainTextObject(text=truncate(
                    "e.g. volume x2, gpu h100, review rate 3%", PLACEHOLDER))),
            hint=PlainTextObject(text=truncate(
                f"Or change the fields below. Accepted: {ACCEPTED_CHANGES}", INPUT_HINT)),
        ),
    ]
    context = ModalContext(scenario_id, version, channel_id, thread_ts)
    return _view("whatif", intro, inputs, context, catalog)


def edit_modal(inputs: Scenario, *, scenario_id: str, version: int, name: str,
               channel_id: str | None = None, thread_ts: str | None = None,
               catalog: GpuCatalog | None = None) -> View:
    """Edit ``name``: saving makes version ``version + 1``; earlier versions are kept."""
    intro: list[Block] = [section(
        f"Saving makes version {version + 1} of *{name_md(name)}*; every earlier "
        "version is kept.")]
    context = ModalContext(scenario_id, version, channel_id, thread_ts)
    return _view("edit", intro, inputs, context, catalog)
