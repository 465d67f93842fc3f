"""Renaming a scenario: ``/ftroi rename <old> <new>`` asks, and a button does it.

The command checks all it can up front — the person owns the scenario, the new name is a
name, no other scenario has it — and answers, only to them, "Rename *Old* to *New*?" with
Rename and Cancel (:func:`~bot.slack.views.thread.rename_prompt`). Both buttons carry a
:class:`~bot.slack.values.Renaming`, and the answer to either replaces the question.

A click is checked again, because it can come long after the question, twice, or from
someone who made up its value: only the owner renames; a name another scenario took in the
meantime, or a scenario deleted since, is refused in place of the question; and a click
that finds the new name already given changes nothing and answers as the first one did,
so the same click delivered twice renames once.
"""

from __future__ import annotations

from bot.slack.deps import Deps
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.values import Renaming
from bot.slack.views.kit import Message, name_md
from bot.slack.views.thread import done_notice, rename_kept, rename_prompt
from storage import InvalidInputError, NameTakenError, NotFoundError, ScenarioRecord, Store
from storage.rules import check_name

__all__ = ["cancel", "question", "rename"]

_ACCEPTED = ("choose a name no other scenario in this workspace has (names are compared "
             "ignoring case and extra spaces)")


def _owned(record: ScenarioRecord, user: str) -> None:
    if record.owner_id != user:
        raise Refusal(f"Only its owner can rename “{record.name}”; ask the person who saved "
                      "it (the card names them).", help_topic="rename")


def _usable(store: Store, team: str, record: ScenarioRecord, new: str, *,
            asked: bool) -> None:
    """Refuse a new name that is not a name, or that another scenario has; ``asked``: the
    refusal answers the question (and replaces it)."""
    try:
        check_name(new, field="new name")
    except InvalidInputError as e:
        raise Refusal(str(e), help_topic="rename", replace_original=asked) from None
    try:
        other = store.find_scenario(team, new)
    except NotFoundError:
        return
    if other.id != record.id:
        raise Refusal(_taken(new, other.name), help_topic="rename", replace_original=asked)


def _taken(new: str, other: str | None) -> str:
    holder = f": “{other}” is another scenario in this workspace" if other else ""
    return f"new name: “{new}” is taken{holder}; {_ACCEPTED}. Nothing was renamed."


async def question(deps: Deps, *, team: str, user: str, record: ScenarioRecord,
                   new: str) -> Message:
    """"Rename *Old* to *New*?" for the owner, once the new name is known to be usable."""
    _owned(record, user)
    if new == record.name:
        raise Refusal(f"“{record.name}” already has that name; give a different new name.",
                      help_topic="rename")
    await deps.store.run(lambda store: _usable(store, team, record, new, asked=False))
    return rename_prompt(Renaming(record.id, record.name, new))


async def rename(deps: Deps, *, team: str, user: str, renaming: Renaming) -> Message:
    """The Rename button: rename (owner only), or find it renamed already; the outcome."""
    now = deps.clock.now()

    def rename_it(store: Store) -> None:
        try:
            record = store.get_scenario(team, renaming.scenario_id)
        except NotFoundError:
            raise Refusal(f"“{renaming.old}” was deleted since you asked; nothing was "
                          "renamed.", replace_original=True) from None
        _owned(record, user)
        if record.name == renaming.new:
            return  # renamed by this very click, delivered before
        _usable(store, team, record, renaming.new, asked=True)
        try:
            store.rename_scenario(team, record.id, renaming.new, user_id=user, now=now)
        except NameTakenError:  # taken between the check and the rename
            raise Refusal(_taken(renaming.new, None), help_topic="rename",
                          replace_original=True) from None

    await deps.store.run(rename_it)
    return done_notice(f"Renamed *{name_md(renaming.old)}* to *{name_md(renaming.new)}*.")


def cancel(renaming: Renaming) -> Message:
    """The Cancel button: the name stays."""
    return rename_kept(renaming.old)
