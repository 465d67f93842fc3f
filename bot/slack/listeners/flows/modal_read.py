"""Reading submitted modals: their state as texts by block_id, and a What if… form as the
fork's inputs — or as errors keyed by block_id, for ``response_action="errors"``.

A field counts as changed only when its text differs from what the modal prefilled
(:func:`~bot.slack.views.fields.initial_text`), and a changed one is read by the same parser
as a typed answer (:func:`~bot.dialogue.parse.read_field`), its implied values included (a
catalog GPU brings its catalog price). The sentence ("volume x2, gpu h100") is applied
first, the changed fields on top, and the result is validated once, as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bot.dialogue.parse import ParseError, parse_whatif, read_field
from bot.dialogue.whatif import apply_changes
from bot.slack import ids
from bot.slack.views.fields import ModalField, current, initial_text, scenario_fields
from engine.analysis import Analysis
from engine.errors import describe_validation_error
from engine.models import Scenario
from storage import InvalidInputError
from storage.rules import check_name

__all__ = ["WhatIf", "picked", "read_whatif", "view_texts"]

_SELECTS = {"static_select", "external_select", "radio_buttons"}


def view_texts(view: dict[str, Any]) -> dict[str, str]:
    """Each input's value as text, by block_id ("" when empty)."""
    out: dict[str, str] = {}
    for block_id, elements in view.get("state", {}).get("values", {}).items():
        for element in elements.values():
            kind = element.get("type")
            if kind in _SELECTS:
                text = (element.get("selected_option") or {}).get("value")
            elif kind == "conversations_select":
                text = element.get("selected_conversation")
            else:
                text = element.get("value")
            out[block_id] = str(text or "")
    return out


def picked(view: dict[str, Any], block_id: str) -> list[str]:
    """The values chosen in a multi-select."""
    elements = view.get("state", {}).get("values", {}).get(block_id, {})
    return [str(o["value"]) for e in elements.values()
            for o in e.get("selected_options") or []]


@dataclass(frozen=True)
class WhatIf:
    """A readable form: the fork's name, the sentence it was asked with, its inputs."""

    name: str
    sentence: str
    inputs: Scenario


def _prefill(field: ModalField, value: object) -> str:
    if not field.choices:
        return initial_text(field, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _fields(texts: dict[str, str], inputs: Scenario
            ) -> tuple[dict[str, object], dict[str, str]]:
    """The changed fields' values (implied ones under them) and the unreadable ones."""
    implied: dict[str, object] = {}
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in scenario_fields():
        path = field.spec.path
        text = texts.get(path, "").strip()
        if text == _prefill(field, current(inputs, path)).strip():
            continue
        if not text:
            if field.optional:
                values[path] = None
            else:
                errors[path] = f"{field.spec.label}: give a value (it cannot be left empty)"
            continue
        try:
            reading = read_field(text, field.spec)
        except ParseError as e:
            if not field.choices:
                errors[path] = str(e)
                continue
            values[path] = text  # an option the parser does not read (a custom GPU)
            continue
        implied.update(reading.implied)
        values.update(reading.values)
    return {**implied, **values}, errors


def _place(problem: str, paths: list[str], fallback: str) -> str:
    field = problem.split(":", 1)[0].strip()
    return next((p for p in paths if field == p or field.startswith(p + ".")
                 or p.startswith(field + ".")), fallback)


def read_whatif(texts: dict[str, str], parent: Scenario, before: Analysis
                ) -> WhatIf | dict[str, str]:
    """The What if… form over ``parent`` (analysed as ``before``): a :class:`WhatIf`, or
    errors by block_id."""
    errors: dict[str, str] = {}
    name = texts.get(ids.FORK_NAME, "").strip()
    try:
        check_name(name, field="name of the fork")
    except InvalidInputError as e:
        errors[ids.FORK_NAME] = str(e)
    sentence = texts.get(ids.WHATIF_SENTENCE, "").strip()
    inputs = parent
    if sentence:
        try:
            inputs = apply_changes(parent, parse_whatif(sentence), analysis=before)
        except ParseError as e:
            errors[ids.WHATIF_SENTENCE] = str(e)
    values, field_errors = _fields(texts, parent)
    errors.update(field_errors)
    if not errors and not sentence and not values:
        errors[ids.WHATIF_SENTENCE] = ("Nothing changed: type a change here, or change a "
                                       "field below.")
    if errors:
        return errors
    try:
        inputs = inputs.with_values(values)
    except ValidationError as e:
        paths = list(values)
        fallback = ids.WHATIF_SENTENCE if sentence else (paths[0] if paths else ids.FORK_NAME)
        for problem in describe_validation_error(e):
            block = _place(problem, paths, fallback)
            errors[block] = "; ".join(filter(None, [errors.get(block), problem]))
        return errors
    return WhatIf(name=name, sentence=sentence, inputs=inputs)
