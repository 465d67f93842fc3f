"""What a guided intake remembers between answers, and the events that move it.

:class:`DialogueState` is plain, JSON-serialisable data (storage keeps it as a JSON object
and hands it back as stored): the current step, the draft (dotted path → value, only what
was typed or chosen; everything else is the engine's default, or the saved scenario's value
when editing), the steps visited (for Back), an answer understood but not yet confirmed, the
scenario being edited, and whether the intake is done.

Events are small frozen dataclasses a surface builds from what a person did: a typed line
(:class:`Text`), a button (:class:`Next`, :class:`Back`, :class:`ChoosePreset`…), the Edit…
modal (:class:`SetFields`). :func:`bot.dialogue.machine.handle` turns a state and an event
into the next state and a reply.

>>> state = DialogueState()
>>> DialogueState.from_json(state.to_json()) == state
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.dialogue.steps import STEPS
from engine.measurement import Measurement
from engine.models import Scenario

__all__ = [
    "Back",
    "Cancel",
    "Change",
    "ChoosePreset",
    "Confirm",
    "DialogueState",
    "EditTarget",
    "Event",
    "Help",
    "Next",
    "Pending",
    "Propose",
    "Refuse",
    "Retype",
    "Scalar",
    "SetFields",
    "Show",
    "Skip",
    "Start",
    "Status",
    "Text",
]

Scalar = str | int | float | bool | None
"""One input's value as JSON holds it."""

Status = Literal["new", "active", "finished", "cancelled"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Pending(BaseModel):
    """A typed answer as understood, waiting for the person to confirm it."""

    model_config = _FROZEN

    step: str
    text: str
    values: dict[str, Scalar]
    echo: list[str]
    # Fragments of the same answer that were not understood (their messages).
    unread: list[str] = Field(default_factory=list)
    # Where proposed values were measured (a usage export), taken with them.
    measured: Measurement | None = None

    @field_validator("values")
    @classmethod
    def _known_paths(cls, value: dict[str, Scalar]) -> dict[str, Scalar]:
        return _check_paths(value)


def _check_paths(values: dict[str, Scalar]) -> dict[str, Scalar]:
    """Only inputs the steps ask for (or set through a field) may be in a draft."""
    known = {f.path for s in STEPS for f in s.fields} | {p for s in STEPS for p in s.owned}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"not inputs of the intake: {', '.join(unknown)}")
    return values


class EditTarget(BaseModel):
    """A saved scenario being edited: finishing saves its next version."""

    model_config = _FROZEN

    scenario_id: str
    name: str
    version: int
    inputs: Scenario


class DialogueState(BaseModel):
    """One intake in progress. ``to_json``/``from_json`` are what storage keeps."""

    model_config = _FROZEN

    format: Literal[1] = 1
    status: Status = "new"
    step: str = STEPS[0].id
    draft: dict[str, Scalar] = Field(default_factory=dict)
    # None: the name shown is derived from the draft (or the edited scenario's name).
    name: str | None = None
    history: list[str] = Field(default_factory=list)
    # Set by Change: the step to come back to once the changed step is accepted, and the
    # field it named, which the next bare value goes to.
    return_to: str | None = None
    focus: str | None = None
    pending: Pending | None = None
    editing: EditTarget | None = None
    # The usage export taken into this intake, saved with the scenario (None: the edited
    # scenario's own, or none).
    measured: Measurement | None = None

    @field_validator("step", "return_to")
    @classmethod
    def _known_step(cls, value: str | None) -> str | None:
        if value is not None and value not in {s.id for s in STEPS}:
            raise ValueError(f"unknown step {value!r}; accepted: "
                             + ", ".join(s.id for s in STEPS))
        return value

    @field_validator("draft")
    @classmethod
    def _known_paths(cls, value: dict[str, Scalar]) -> dict[str, Scalar]:
        return _check_paths(value)

    @field_validator("focus")
    @classmethod
    def _known_focus(cls, value: str | None) -> str | None:
        if value is not None:
            _check_paths({value: None})
        return value

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> DialogueState:
        """The state storage kept (``{}`` for a conversation not started yet)."""
        return cls.model_validate(dict(raw)) if raw else cls()


@dataclass(frozen=True)
class Start:
    """Begin (or begin again): optionally with a name, a saved scenario to edit, a step,
    and a message whose values to offer for confirmation (``prefill``)."""

    name: str | None = None
    edit: EditTarget | None = None
    step: str | None = None
    prefill: str | None = None


@dataclass(frozen=True)
class Show:
    """The current prompt again, unchanged (a resumed conversation, a repost)."""


@dataclass(frozen=True)
class Text:
    """A typed reply: an answer, or a command word (back, skip, next, cancel, help,
    change X, preset N, yes/no to a pending echo)."""

    text: str


@dataclass(frozen=True)
class Next:
    """Accept the step (and a pending echo): what is unset keeps its default.

    ``step``: the step whose button this is; a button of a step no longer current is
    refused instead of acting on another step."""

    step: str | None = None


@dataclass(frozen=True)
class Back:
    """The previous step.

    ``step``: the step whose button this is; a button of a step no longer current is
    refused instead of acting on another step."""

    step: str | None = None


@dataclass(frozen=True)
class Skip:
    """Move on without answering: a pending echo is dropped, unset values keep defaults.

    ``step``: the step whose button this is; a button of a step no longer current is
    refused instead of acting on another step."""

    step: str | None = None


@dataclass(frozen=True)
class Cancel:
    """Stop; nothing is saved."""


@dataclass(frozen=True)
class Help:
    """The current prompt with its help text."""


@dataclass(frozen=True)
class ChoosePreset:
    """A preset button of a step (``index`` into that step's presets)."""

    step: str
    index: int


@dataclass(frozen=True)
class Confirm:
    """Yes: take the pending echo."""


@dataclass(frozen=True)
class Retype:
    """No: drop the pending echo and answer again."""


@dataclass(frozen=True)
class SetFields:
    """The Edit… modal: typed text by dotted path. Empty text restores the value the field
    had before this intake; text equal to the field's prefill changes nothing."""

    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """Go to a field (its label or path) or a step (id, title or number), then come back."""

    target: str


@dataclass(frozen=True)
class Refuse:
    """The surface could not save (e.g. the name is taken): reopen the name step with this
    message on ``path``."""

    path: str
    message: str


@dataclass(frozen=True)
class Propose:
    """Values read from somewhere else (a usage export) offered as the answer to ``step``:
    echoed with ``why`` for the person to confirm (yes takes them, no drops them), exactly
    as a typed answer is."""

    step: str
    values: Mapping[str, Scalar] = field(default_factory=dict)
    why: tuple[str, ...] = ()
    text: str = ""
    # Where the values were measured: kept with the scenario once they are taken.
    measured: Measurement | None = None


Event = (Start | Show | Text | Next | Back | Skip | Cancel | Help | ChoosePreset | Confirm
         | Retype | SetFields | Change | Refuse | Propose)
