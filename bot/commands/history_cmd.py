"""``ftroi history NAME`` and ``ftroi restore NAME VERSION``: a scenario's versions.

    ftroi history "Support bot"       every version: number, author, time, what changed
    ftroi restore "Support bot" 2     a new version equal to version 2

Nothing is overwritten: every edit, what-if save and restore is a new version. A fork's
first version is compared with the parent version it was made from.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bot.commands.show_cmd import analyse_record, stamp, version_number
from bot.terminal.identity import (
    BAD_INPUT,
    TEAM,
    CommandError,
    add_identity_options,
    find_scenario,
    guarded,
    local_store,
    local_user,
    shell_arg,
)

if TYPE_CHECKING:
    from engine.models import Scenario
    from storage import ScenarioRecord, Store, VersionInfo

__all__ = ["register", "run_history", "run_restore"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = subparsers.add_parser(
        "history", help="every version of a scenario",
        description="Every version of a saved scenario, oldest first: its number, author and "
        "time, and which inputs changed from the version before.",
    )
    history.add_argument("scenario", metavar="NAME|ID", help="the scenario's name or id")
    add_identity_options(history)
    history.set_defaults(run=run_history)

    restore = subparsers.add_parser(
        "restore", help="a new version equal to an earlier one",
        description="Save a new version of a scenario equal to an earlier version (the "
        "versions in between stay in its history).",
    )
    restore.add_argument("scenario", metavar="NAME|ID", help="the scenario's name or id")
    restore.add_argument("version", metavar="VERSION", help="the version to bring back")
    add_identity_options(restore)
    restore.set_defaults(run=run_restore)


def _parent_inputs(store: Store, record: ScenarioRecord) -> tuple[str, Scenario] | None:
    from storage.errors import NotFoundError

    if record.parent_id is None or record.parent_version is None:
        return None
    try:
        parent = store.get_scenario(TEAM, record.parent_id, version=record.parent_version)
    except NotFoundError:
        return None
    return f"{parent.name!r} version {parent.version.number}", parent.inputs


def _entry(v: VersionInfo, changes: list[tuple[str, str]], note: str | None) -> str:
    from bot.reports.compare import wrap_wide
    from bot.reports.layout import pairs

    head = f"Version {v.number}: {stamp(v.created_at)} by {v.author_id}"
    if v.restored_from is not None:
        head += f", restored from version {v.restored_from}"
    lines = [head]
    if note:
        lines.append(wrap_wide(note, first="  ", indent="  "))
    if changes:
        lines.append(pairs(changes, indent="    "))
    elif note is None or v.number > 1:
        lines.append("  no input changed")
    return "\n".join(lines)


def run_history(args: argparse.Namespace) -> int:
    from bot.reports.compare import changed_inputs, wrap_wide

    def body() -> int:
        today = date.today()
        with local_store(args) as store:
            record = find_scenario(store, args.scenario)
            versions = store.list_versions(TEAM, record.id)
            inputs = {v.number: store.get_scenario(TEAM, record.id, version=v.number).inputs
                      for v in versions}
            parent = _parent_inputs(store, record)
        count = len(versions)
        print(wrap_wide(f"History of {record.name!r} (owner {record.owner_id}, id {record.id}):"
                        f" {count} version{'s' if count != 1 else ''}, oldest first.") + "\n")
        entries = []
        for v in versions:
            if v.number > 1:
                changes = changed_inputs(inputs[v.number - 1], inputs[v.number], at=today)
                entries.append(_entry(v, changes, "changed:" if changes else None))
            elif parent is not None:
                changes = changed_inputs(parent[1], inputs[1], at=today)
                entries.append(_entry(v, changes, f"forked from {parent[0]}"
                                      + (", changing:" if changes else ", unchanged")))
            elif record.parent_id is not None:
                entries.append(_entry(v, [], "forked from a scenario since deleted"))
            else:
                entries.append(_entry(v, [], "created"))
        print("\n\n".join(entries))
        return 0

    return guarded("history", body)


def run_restore(args: argparse.Namespace) -> int:
    from bot.reports.compare import render_fork_delta, wrap_wide

    def body() -> int:
        wanted = version_number(args.version)
        if wanted is None:
            raise CommandError("give the version to restore, e.g. `ftroi restore NAME 2`",
                               BAD_INPUT)
        with local_store(args) as store:
            latest = find_scenario(store, args.scenario)
            old = find_scenario(store, latest.id, version=wanted)
            if wanted == latest.latest_version:
                print(wrap_wide(f"Version {wanted} is already the latest of {latest.name!r}; "
                                "nothing to restore."))
                return 0
            restored = store.restore_version(TEAM, latest.id, wanted,
                                             author_id=local_user(args.user),
                                             now=datetime.now(UTC))
        print(wrap_wide(f"Restored {restored.name!r} to version {old.version.number}, saved as "
                        f"version {restored.version.number} (by "
                        f"{restored.version.author_id}).") + "\n")
        delta = render_fork_delta(analyse_record(latest), analyse_record(restored),
                                  parent_name=f"version {latest.version.number}")
        sys.stdout.write(delta + "\n")
        print(wrap_wide(f"History: ftroi history {shell_arg(restored.name)}"))
        return 0

    return guarded("restore", body)
