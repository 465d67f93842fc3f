"""Every action_id, block_id and callback_id ftroi's Slack views use, and what their values carry.

Naming: ``ftroi.<surface>.<thing>`` — ``ftroi.card.whatif`` is the result card's What if…
button, ``ftroi.modal.whatif`` the modal it opens. Where one message repeats an action (a
list of scenarios), each copy gets a suffix, ``ftroi.scenario.open:mine:3``, so action_ids
stay unique; a listener matches every copy with :func:`matcher`.

Values — what a button, an option or a modal's ``private_metadata`` carries — are written and
read by one codec, :mod:`bot.slack.values`. In a modal, an input's block_id is the scenario
field's dotted path (``workload.requests_per_day``) and its action_id
``item(FIELD_VALUE, path)``, so ``response_action="errors"`` maps onto fields.

>>> bool(matcher(SCENARIO_OPEN).match("ftroi.scenario.open:mine:3"))
True
"""

from __future__ import annotations

import re

# The values the ids carry, for the views that import them from here; the codec is
# bot.slack.values.
from bot.slack.values import DecisionPick as DecisionPick
from bot.slack.values import MenuChoice as MenuChoice
from bot.slack.values import ModalContext as ModalContext
from bot.slack.values import Page as Page
from bot.slack.values import Renaming as Renaming
from bot.slack.values import ScenarioRef as ScenarioRef

__all__ = [
    "CARD_ACTIONS",
    "CARD_COMPARE",
    "CARD_DECIDE",
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
    "SHORTCUT_ANALYSE",
    "STEP_MODAL",
    "WHATIF_MODAL",
    "WHATIF_SENTENCE",
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
CARD_DECIDE = "ftroi.card.decide"  # Record decision…: a menu of the version's options

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

# The message shortcut: start an intake from a message's numbers.
SHORTCUT_ANALYSE = "ftroi.shortcut.analyse"

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
