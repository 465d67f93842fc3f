"""The scenario inputs a modal offers, and how each is written so the parser reads it back.

Every :class:`ModalField` is derived from the field registry
(:func:`~bot.dialogue.parse.modal_fields`): its spec (path, label, title, kind), its group
(the title of the intake step that asks it), a hint (the field's help, and what leaving it
empty means), whether it may be empty, and the choices of a select (the kind's own). Fields
with ``choices`` are a static select whose option values are the scenario's own values;
the others are plain-text inputs whose initial value :func:`initial_text` writes by
:mod:`engine.figures`'s rule when that reads back exactly with
:func:`~bot.dialogue.parse.read_field`, and exactly otherwise (so ``0.123456`` is not shown
as ``12.3%``). A submission is therefore read with ``read_field(text, field.spec)``, the
same parser a typed answer goes through.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue.parse import FieldSpec, ParseError, asked_by, modal_fields, read_field
from bot.dialogue.parse import value_at as current
from bot.dialogue.steps import step
from engine.catalog.gpus import GpuCatalog

__all__ = ["GROUPS", "ModalField", "current", "initial_text", "scenario_fields"]

GROUPS = ("Workload", "Current API", "Fine-tuned model and serving", "Project and team",
          "Quality and fit")


@dataclass(frozen=True)
class ModalField:
    """One input: its spec, its group, a hint, whether empty is allowed (and means "not
    set": the catalog's price, an estimate), and the choices of a select."""

    spec: FieldSpec
    group: str
    hint: str | None = None
    optional: bool = False
    choices: tuple[tuple[str, str], ...] = ()


def _modal(spec: FieldSpec) -> ModalField:
    owner = spec if spec.step is not None else asked_by(spec.path)
    group = step(owner.step or "workload").title
    optional = spec.empty is not None
    hint = spec.help[:1].upper() + spec.help[1:] if spec.help else ""
    if optional:
        hint += f". Empty: {spec.empty}"
    return ModalField(spec, group, hint or None, optional, spec.kind.choices())


def scenario_fields(catalog: GpuCatalog | None = None) -> tuple[ModalField, ...]:
    """The main inputs of a scenario, by the intake's steps (``catalog`` is the GPU catalog
    the choices come from; the registry's kind reads the one the engine loads)."""
    del catalog  # the GPU kind lists the catalog the engine validates against
    return tuple(_modal(spec) for spec in modal_fields())


def initial_text(field: ModalField, value: object) -> str:
    """``value`` written for ``field``'s input: the display rule's text when it reads back
    to exactly ``value``, else an exact form; "" for an empty optional value."""
    if value is None:
        return "" if field.optional else field.spec.kind.empty_word or ""
    if isinstance(value, bool | str):
        return field.spec.kind.write(value)
    options = field.spec.kind.forms(value)
    for text in options:
        try:
            if read_field(text, field.spec).values.get(field.spec.path) == value:
                return text
        except ParseError:
            continue
    return options[-1]
