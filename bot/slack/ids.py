"""Every action_id, block_id and callback_id ftroi's Slack views use, and what their values carry.

Naming: ``ftroi.<surface>.<thing>`` — ``ftroi.card.whatif`` is the result card's What if…
button, ``ftroi.modal.whatif`` the modal it opens. Where one message repeats an action (a
list of scenarios), each copy gets a suffix, ``ftroi.scenario.open:mine:3``, so action_ids
stay unique; a listener matches every copy with :func:`matcher`.

Values: a button or option about a scenario carries a :class:`ScenarioRef`,
``<scenario id>@<version>``; an overflow option carries ``<verb>|<ref>`` (:class:`MenuChoice`);
paging carries a :class:`Page`, modals a :class:`ModalContext` and the buttons of
``/ftroi rename``'s question a :class:`Renaming`, all compact JSON. In a
modal, an input's block_id is the scenario field's dotted path (``workload.requests_per_day``)
and its action_id ``item(FIELD_VALUE, path)``, so ``response_action="errors"`` maps onto fields.

>>> ScenarioRef("1f2e3d4c5b6a7980", 3).encode()
'1f2e3d4c5b6a7980@3'
>>> ScenarioRef.decode("1f2e3d4c5b6a7980@3")
ScenarioRef(scenario_id='1f2e3d4c5b6a7980', version=3)
>>> bool(matcher(SCENARIO_OPEN).match("ftroi.scenario.open:mine:3"))
True
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Literal, get_args

__all__ = [
    "CARD_ACTIONS",
    "CARD_COMPARE",
    "CARD_DETAILS",
    "CARD_EDIT",
    "CARD_EXPORT",
    "CARD_WHATIF",
    "COMPARE_MODAL",
    "COMPARE_PICK",
    "EDIT_MODAL",
    "FIELD_VALUE",
    "FORK_NAME",
    "HOME_MORE",
    "HOME_NEW",
    "INTAKE_BACK",
    "INTAKE_CANCEL",
    "INTAKE_EDIT",
    "INTAKE_NEXT",
    "INTAKE_PRESET",
    "INTAKE_RETYPE",
    "INTAKE_USE",
    "LIST_MORE",
    "NEW_CHANNEL",
    "NEW_MODAL",
    "NEW_NAME",
    "RENAME_CANCEL",
    "RENAME_CONFIRM",
    "SCENARIO_COMPARE",
    "SCENARIO_DELETE",
    "SCENARIO_FORK",
    "SCENARIO_MENU",
    "SCENARIO_OPEN",
    "STEP_MODAL",
    "WHATIF_MODAL",
    "WHATIF_SENTENCE",
    "MenuChoice",
    "ModalContext",
    "Page",
    "Renaming",
    "ScenarioRef",
    "Verb",
    "item",
    "matcher",
]

# The result card's buttons, and the block that holds them.
CARD_ACTIONS = "ftroi.card.actions"
CARD_WHATIF = "ftroi.card.whatif"
CARD_COMPARE = "ftroi.card.compare"
CARD_EDIT = "ftroi.card.edit"
CARD_DETAILS = "ftroi.card.details"
CARD_EXPORT = "ftroi.card.export"

# A scenario in a list or on the Home tab: buttons (suffixed per item) or one overflow menu.
SCENARIO_OPEN = "ftroi.scenario.open"
SCENARIO_COMPARE = "ftroi.scenario.compare"
SCENARIO_FORK = "ftroi.scenario.fork"
SCENARIO_DELETE = "ftroi.scenario.delete"
SCENARIO_MENU = "ftroi.scenario.menu"
LIST_MORE = "ftroi.list.more"
HOME_NEW = "ftroi.home.new"
HOME_MORE = "ftroi.home.more"

# Modals (callback_ids), and the ids of their inputs.
WHATIF_MODAL = "ftroi.modal.whatif"
EDIT_MODAL = "ftroi.modal.edit"
COMPARE_MODAL = "ftroi.modal.compare"
STEP_MODAL = "ftroi.modal.step"
NEW_MODAL = "ftroi.modal.new"
FIELD_VALUE = "ftroi.field.value"
WHATIF_SENTENCE = "ftroi.whatif.sentence"
FORK_NAME = "ftroi.whatif.name"
COMPARE_PICK = "ftroi.compare.pick"
NEW_CHANNEL = "ftroi.new.channel"
NEW_NAME = "ftroi.new.name"

# ``/ftroi rename``'s question: rename, or keep the name.
RENAME_CONFIRM = "ftroi.rename.confirm"
RENAME_CANCEL = "ftroi.rename.cancel"

# The guided intake's step messages.
INTAKE_NEXT = "ftroi.intake.next"
INTAKE_BACK = "ftroi.intake.back"
INTAKE_CANCEL = "ftroi.intake.cancel"
INTAKE_EDIT = "ftroi.intake.edit"
INTAKE_PRESET = "ftroi.intake.preset"
INTAKE_USE = "ftroi.intake.use"
INTAKE_RETYPE = "ftroi.intake.retype"


def item(base: str, *keys: object) -> str:
    """The action_id of one copy of ``base``: ``item(SCENARIO_OPEN, "mine", 3)``.

    >>> item(SCENARIO_FORK, "team", 0)
    'ftroi.scenario.fork:team:0'
    """
    return ":".join([base, *(str(k) for k in keys)])


def matcher(base: str) -> re.Pattern[str]:
    """A pattern for Bolt's ``app.action(...)`` matching ``base`` and every copy of it."""
    return re.compile(rf"^{re.escape(base)}(?::.*)?$")


@dataclass(frozen=True)
class ScenarioRef:
    """One version of one scenario, as a button or option value carries it."""

    scenario_id: str
    version: int

    def encode(self) -> str:
        return f"{self.scenario_id}@{self.version}"

    @classmethod
    def decode(cls, value: str) -> ScenarioRef:
        scenario_id, at, version = value.rpartition("@")
        if not at or not scenario_id or not version.isdigit():
            raise ValueError(f"not a scenario reference: {value!r}; expected '<id>@<version>'")
        return cls(scenario_id, int(version))


Verb = Literal["open", "compare", "fork", "delete"]
VERBS: tuple[str, ...] = get_args(Verb)


@dataclass(frozen=True)
class MenuChoice:
    """What an overflow option asks for: ``open|1f2e3d4c5b6a7980@3``.

    >>> MenuChoice.decode(MenuChoice("fork", ScenarioRef("ab", 2)).encode())
    MenuChoice(verb='fork', ref=ScenarioRef(scenario_id='ab', version=2))
    """

    verb: Verb
    ref: ScenarioRef

    def encode(self) -> str:
        return f"{self.verb}|{self.ref.encode()}"

    @classmethod
    def decode(cls, value: str) -> MenuChoice:
        verb, bar, ref = value.partition("|")
        if not bar or verb not in VERBS:
            raise ValueError(f"not a menu choice: {value!r}; expected '<verb>|<id>@<version>'")
        return cls(verb, ScenarioRef.decode(ref))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Page:
    """Where the next page of a listing starts: scope, search and storage's cursor.

    >>> Page.decode(Page("mine", "support", "2026-11-24T10:00:00.000000+00:00|ab").encode())
    Page(scope='mine', search='support', cursor='2026-11-24T10:00:00.000000+00:00|ab')
    """

    scope: Literal["mine", "all"]
    search: str | None
    cursor: str

    def encode(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> Page:
        data = json.loads(value)
        if data.get("scope") not in ("mine", "all") or not isinstance(data.get("cursor"), str):
            raise ValueError(f"not a page: {value!r}")
        return cls(data["scope"], data.get("search"), data["cursor"])


@dataclass(frozen=True)
class Renaming:
    """What the buttons of ``/ftroi rename``'s question carry: the scenario, the name it had
    when asked, and the new name.

    >>> Renaming.decode(Renaming("ab", "Support bot", "Help desk “EU”").encode())
    Renaming(scenario_id='ab', old='Support bot', new='Help desk “EU”')
    """

    scenario_id: str
    old: str
    new: str

    def encode(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> Renaming:
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        fields = ("scenario_id", "old", "new")
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in fields):
            raise ValueError(f"not a renaming: {value!r}")
        return cls(*(data[k] for k in fields))


@dataclass(frozen=True)
class ModalContext:
    """A modal's ``private_metadata``: the scenario (or intake step) it is about and where
    to answer.

    >>> ModalContext.decode(ModalContext("ab", 2, "C1", "1700000000.000100").encode())
    ModalContext(scenario_id='ab', version=2, channel_id='C1', thread_ts='1700000000.000100', \
step=None)
    """

    scenario_id: str | None = None
    version: int | None = None
    channel_id: str | None = None
    thread_ts: str | None = None
    step: str | None = None

    def encode(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None},
                          separators=(",", ":"))

    @classmethod
    def decode(cls, value: str) -> ModalContext:
        data = json.loads(value or "{}")
        return cls(**{k: data.get(k) for k in ("scenario_id", "version", "channel_id",
                                               "thread_ts", "step")})
