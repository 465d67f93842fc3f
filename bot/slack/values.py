"""The one codec for what ftroi puts in a button's or option's ``value`` and in a modal's
``private_metadata``: typed, versioned, validated on the way in.

Each value is a frozen, validated dataclass registered with a kind; :func:`encode` writes
``<kind>.<version>:<compact JSON>`` and :func:`decode` reads it back as that class, or
raises :class:`TamperedValue`. Slack hands these strings back exactly as ftroi sent them,
in signed requests, so one that does not read — another kind, an unknown version, a field
out of its range, not JSON — was not written by ftroi: the listener refuses the request as
it refuses a bad signature (401), with no side effect (:mod:`bot.slack.listeners.run`).

Version 0 is what ftroi wrote before this codec (``<id>@<version>``, ``<verb>|<ref>``, bare
JSON, ``<step>:<index>``): messages posted then are still in people's channels, and their
buttons keep working.

>>> ref = ScenarioRef("1f2e3d4c5b6a7980", 3)
>>> ref.encode()
'ref.1:{"scenario_id":"1f2e3d4c5b6a7980","version":3}'
>>> ScenarioRef.decode(ref.encode()) == ref == ScenarioRef.decode("1f2e3d4c5b6a7980@3")
True
>>> ScenarioRef.decode('ref.1:{"scenario_id":"1f2e3d4c5b6a7980","version":0}')
Traceback (most recent call last):
...
bot.slack.values.TamperedValue: not a scenario reference ftroi wrote (version: ...)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self, TypeVar

from pydantic import ConfigDict, Field, ValidationError
from pydantic.dataclasses import dataclass

from storage.rules import MAX_NAME_LENGTH

__all__ = [
    "VERBS",
    "DecisionPick",
    "MenuChoice",
    "ModalContext",
    "Page",
    "Renaming",
    "ScenarioRef",
    "StepButton",
    "TamperedValue",
    "Verb",
    "decode",
    "encode",
]

VERSION = 1
#: No coercion: a version sent as "3" was not written by ftroi.
_STRICT = ConfigDict(strict=True)

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Number = Annotated[int, Field(ge=1, le=1_000_000)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]
Channel = Annotated[str, Field(pattern=r"^[A-Z0-9]{1,40}$")]
Ts = Annotated[str, Field(pattern=r"^[0-9]{1,12}(\.[0-9]{1,9})?$")]
Step = Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")]
#: An option's id as the engine writes it (``cheaper_api:gpt-4o-mini``,
#: ``hosted:together/Qwen/Qwen3.5-9B``): visible ASCII, no quotes or backslashes.
OptionId = Annotated[str, Field(pattern=r'^[!#-\[\]-~]{1,120}$')]
Verb = Literal["open", "compare", "fork", "delete"]
VERBS: tuple[str, ...] = ("open", "compare", "fork", "delete")


class TamperedValue(ValueError):
    """A value ftroi did not write: refused with the request that carries it."""


class _Value:
    """What every value shares: its kind, and version 0's reader (None: there was none)."""

    KIND: ClassVar[str]
    WHAT: ClassVar[str]

    @classmethod
    def legacy(cls, text: str) -> dict[str, Any] | None:
        return None

    def encode(self) -> str:
        return encode(self)

    @classmethod
    def decode(cls, text: str) -> Self:
        return decode(cls, text)


class _JsonBefore(_Value):
    """A value version 0 wrote as bare JSON."""

    @classmethod
    def legacy(cls, text: str) -> dict[str, Any] | None:
        return _json_object(text or "{}")


@dataclass(frozen=True, config=_STRICT)
class ScenarioRef(_Value):
    """One version of one scenario (a card's buttons, a list's, an option to compare)."""

    KIND: ClassVar[str] = "ref"
    WHAT: ClassVar[str] = "scenario reference"
    scenario_id: Id
    version: Number

    @classmethod
    def legacy(cls, text: str) -> dict[str, Any] | None:
        scenario_id, at, version = text.rpartition("@")
        return {"scenario_id": scenario_id, "version": int(version)} \
            if at and version.isdigit() else None


class _OfVersion(_Value):
    """A value about one version of a scenario (its ``scenario_id`` and ``version``)."""

    if TYPE_CHECKING:  # the fields are the subclasses'
        scenario_id: str
        version: int

    @property
    def ref(self) -> ScenarioRef:
        return ScenarioRef(self.scenario_id, self.version)


@dataclass(frozen=True, config=_STRICT)
class MenuChoice(_OfVersion):
    """What an overflow option asks for: a verb about one version of a scenario."""

    KIND: ClassVar[str] = "menu"
    WHAT: ClassVar[str] = "menu choice"
    verb: Verb
    scenario_id: Id
    version: Number

    @classmethod
    def of(cls, verb: Verb, ref: ScenarioRef) -> MenuChoice:
        return cls(verb, ref.scenario_id, ref.version)

    @classmethod
    def legacy(cls, text: str) -> dict[str, Any] | None:
        verb, bar, ref = text.partition("|")
        old = ScenarioRef.legacy(ref) if bar else None
        return {"verb": verb, **old} if old else None


@dataclass(frozen=True, config=_STRICT)
class DecisionPick(_OfVersion):
    """Record decision's choice on a card: one option of one version of a scenario."""

    KIND: ClassVar[str] = "decide"
    WHAT: ClassVar[str] = "decision"
    scenario_id: Id
    version: Number
    option: OptionId


@dataclass(frozen=True, config=_STRICT)
class Page(_JsonBefore):
    """Where the next page of a listing starts: scope, search and storage's cursor."""

    KIND: ClassVar[str] = "page"
    WHAT: ClassVar[str] = "page"
    scope: Literal["mine", "all"]
    search: Annotated[str, Field(max_length=MAX_NAME_LENGTH)] | None
    cursor: Annotated[str, Field(min_length=1, max_length=200)]


@dataclass(frozen=True, config=_STRICT)
class Renaming(_JsonBefore):
    """``/ftroi rename``'s buttons: the scenario, the name it had when asked, the new one."""

    KIND: ClassVar[str] = "rename"
    WHAT: ClassVar[str] = "renaming"
    scenario_id: Id
    old: Name
    new: Name


@dataclass(frozen=True, config=_STRICT)
class ModalContext(_JsonBefore):
    """A modal's ``private_metadata``: the scenario (or intake step) it is about and where
    to answer."""

    KIND: ClassVar[str] = "modal"
    WHAT: ClassVar[str] = "modal context"
    scenario_id: Id | None = None
    version: Number | None = None
    channel_id: Channel | None = None
    thread_ts: Ts | None = None
    step: Step | None = None


@dataclass(frozen=True, config=_STRICT)
class StepButton(_Value):
    """An intake step's button: the step it belongs to, and for a preset which one."""

    KIND: ClassVar[str] = "step"
    WHAT: ClassVar[str] = "intake button"
    step: Step
    preset: Annotated[int, Field(ge=0, le=99)] | None = None

    @classmethod
    def legacy(cls, text: str) -> dict[str, Any] | None:
        step, colon, index = text.partition(":")
        if colon and not index.isdigit():
            return None
        return {"step": step, "preset": int(index) if colon else None}


V = TypeVar("V", bound=_Value)
_HEAD = re.compile(r"^([a-z]{1,10})\.([0-9]{1,3}):")


def encode(value: _Value) -> str:
    """``value`` as ``<kind>.<version>:<compact JSON>``."""
    body = json.dumps(asdict(value), ensure_ascii=False,  # type: ignore[call-overload]
                      separators=(",", ":"))
    return f"{value.KIND}.{VERSION}:{body}"


def decode(kind: type[V], text: str) -> V:
    """``text`` read as a ``kind``; :class:`TamperedValue` if ftroi did not write it so."""
    if not isinstance(text, str):
        raise TamperedValue(f"not a {kind.WHAT} ftroi wrote: {type(text).__name__}")
    head = _HEAD.match(text)
    data: dict[str, Any] | None
    if head is None:
        data = _attempt(kind.legacy, text)
    elif head[1] == kind.KIND and int(head[2]) == VERSION:
        data = _json_object(text[head.end():])
    else:
        raise TamperedValue(f"not a {kind.WHAT} ftroi wrote ({head[1]}.{head[2]})")
    if data is None:
        raise TamperedValue(f"not a {kind.WHAT} ftroi wrote")
    try:
        return kind(**data)
    except TypeError:  # a field it does not have, or one missing
        raise TamperedValue(f"not a {kind.WHAT} ftroi wrote (its fields)") from None
    except ValidationError as e:
        fields = ", ".join(".".join(map(str, err["loc"])) or "value" for err in e.errors())
        raise TamperedValue(f"not a {kind.WHAT} ftroi wrote ({fields}: ...)") from None


def _attempt(read: Callable[[str], dict[str, Any] | None], text: str) -> dict[str, Any] | None:
    try:
        return read(text)
    except (ValueError, TypeError):
        return None


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
