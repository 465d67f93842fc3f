"""What the dialogue answers: plain data any surface lays out (terminal text, Slack blocks).

* :class:`Prompt` — a step to answer: its title and question, the values so far (each
  marked typed, default or saved, with its unit), the presets, what was understood (the
  echo, awaiting confirmation when ``confirm`` is set), and the problems: ``errors`` quote
  what could not be used and say what is accepted; ``field_errors`` key the same messages
  by dotted path, for a modal's inline errors.
* :class:`Finished` — the name and the scenario inputs to save.
* :class:`Cancelled` — nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from engine.models import Scenario

__all__ = ["Cancelled", "FieldValue", "Finished", "Origin", "Prompt", "Reply"]

Origin = Literal["typed", "default", "saved"]
"""Where a value comes from: typed in this intake, the engine's default (or the catalog's),
or the scenario being edited."""


@dataclass(frozen=True)
class FieldValue:
    """One field as shown. ``text`` has its unit, by ``engine.figures``'s rules;
    ``edit_text`` is what the Edit… modal prefills, and reads back to the same value
    (empty when the value is left to the catalog or to sizing). ``kind`` names the field's
    kind (``"name"`` for the scenario's name); ``choices`` are (value, label) pairs when the
    field takes one of a fixed set, for a select, and ``chosen`` the current one's value."""

    path: str
    label: str
    kind: str
    text: str
    origin: Origin
    edit_text: str
    choices: tuple[tuple[str, str], ...] = ()
    chosen: str | None = None


@dataclass(frozen=True)
class Prompt:
    """A step to answer (``number`` of ``total``)."""

    step: str
    number: int
    total: int
    title: str
    question: str
    help: str
    values: tuple[FieldValue, ...]
    presets: tuple[str, ...]
    # What an answer was understood as; awaiting yes/no when ``confirm`` is set, else
    # what was just taken.
    echo: tuple[str, ...] = ()
    confirm: bool = False
    errors: tuple[str, ...] = ()
    field_errors: Mapping[str, str] = field(default_factory=dict)
    show_help: bool = False
    # The field a Change asked for, when the step was reached that way.
    focus: str | None = None
    # Whether Next returns to a step left by Change (and which).
    returns_to: str | None = None
    editing: str | None = None


@dataclass(frozen=True)
class Finished:
    """Save ``inputs`` as ``name``: a new scenario, or the next version of ``scenario_id``."""

    name: str
    inputs: Scenario
    scenario_id: str | None = None
    base_version: int | None = None


@dataclass(frozen=True)
class Cancelled:
    message: str


Reply = Prompt | Finished | Cancelled
