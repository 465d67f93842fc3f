"""``ftroi history NAME`` and ``ftroi restore NAME VERSION``: a scenario's versions.

    ftroi history "Support bot"             its versions: number, author, time, what changed
    ftroi history "Support bot" --from 51   the next page (the command for it is printed)
    ftroi restore "Support bot" 2           a new version equal to version 2

Nothing is overwritten: every edit, what-if save and restore is a new version. A fork's
first version is compared with the parent version it was made from. History comes a page
(``--limit``, 50) at a time, each page one query to the store, however long the history.
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
    whole_number,
)

if TYPE_CHECKING:
    from engine.models import Scenario
    from storage import ScenarioRecord, Store, VersionInfo

__all__ = ["PAGE", "register", "run_history", "run_restore"]

PAGE = 50


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = subparsers.add_parser(
        "history", help="every version of a scenario",
        description="Every version of a saved scenario, oldest first: its number, author and "
        "time, and which inputs changed from the version before.",
    )
    history.add_argument("scenario", metavar="NAME|ID", help="the scenario's name or id")
    history.add_argument("--from", dest="first", metavar="N", default="1",
                         help="the first version shown (default 1)")
    history.add_argument("--limit", metavar="N", default=str(PAGE),
                         help=f"versions per page, 1–100 (default {PAGE})")
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
    from bot.reports.layout import pairs, wrap_wide

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
    # Not bot.reports.compare: the history analyses nothing, so it needs no analysis module.
    from bot.reports.changes import changed_inputs
    from bot.reports.layout import wrap_wide
    from engine.resolve import resolve

    def body() -> int:
        today = date.today()
        first = whole_number(args.first, "--from")
        limit = whole_number(args.limit, "--limit", top=100)
        with local_store(args) as store:
            record = find_scenario(store, args.scenario)
            count = record.latest_version
            if first > count:
                raise CommandError(f"--from: {args.first!r} is not accepted — {record.name!r} "
                                   f"has versions 1–{count}", BAD_INPUT)
            page = store.version_history(TEAM, record.id, after=first - 1, limit=limit)
            versions = page.items
            inputs = {v.number: v.inputs for v in versions}
            if first > 1:  # the version before the page, to say what the first one changed
                (before,) = store.version_history(TEAM, record.id, after=first - 2,
                                                  limit=1).items
                inputs[before.number] = before.inputs
            parent = _parent_inputs(store, record) if first == 1 else None
        shown = "" if page.next_after is None and first == 1 else \
            f" (versions {first}–{versions[-1].number} here)"
        print(wrap_wide(f"History of {record.name!r} (owner {record.owner_id}, id {record.id}):"
                        f" {count} version{'s' if count != 1 else ''}{shown}, oldest first.")
              + "\n")
        # Each version priced once (changed_inputs would price both sides of every pair).
        priced = {n: resolve(scenario, at=today) for n, scenario in inputs.items()}
        entries = []
        for v in versions:
            if v.number > 1:
                changes = changed_inputs(inputs[v.number - 1], inputs[v.number], at=today,
                                         resolved=(priced[v.number - 1], priced[v.number]))
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
        if page.next_after is not None:
            again = ["ftroi", "history", args.scenario, "--from", str(page.next_after + 1)]
            if limit != PAGE:
                again += ["--limit", str(limit)]
            for option, value in (("--user", args.user), ("--database-url", args.database_url)):
                again += [option, value] if value else []
            print("\nNext page: " + " ".join(shell_arg(w) for w in again))
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
