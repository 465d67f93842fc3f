"""``ftroi rename``, ``ftroi delete``, ``ftroi undelete``: the owner's changes to a scenario.

    ftroi rename "Support bot" "Support bot 2025"
    ftroi delete "Support bot 2025"       recoverable for 30 days…
    ftroi undelete "Support bot 2025"     …with every version

Only the scenario's owner (the OS user who saved it, or ``--user``) may rename, delete or
undelete it; anyone else gets a refusal naming the owner (status 1) and nothing changes.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.terminal.identity import (
    TEAM,
    add_identity_options,
    find_deleted,
    find_scenario,
    guarded,
    local_store,
    local_user,
    shell_arg,
)
from storage.rules import RECOVERY_PERIOD

__all__ = ["register", "run_delete", "run_rename", "run_undelete"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rename = subparsers.add_parser("rename", help="rename a scenario (owner only)",
                                   description="Rename a saved scenario; owner only.")
    rename.add_argument("scenario", metavar="OLD", help="the scenario's name or id")
    rename.add_argument("name", metavar="NEW", help="its new name (unique, ignoring case)")
    add_identity_options(rename)
    rename.set_defaults(run=run_rename)

    days = RECOVERY_PERIOD.days
    delete = subparsers.add_parser(
        "delete", help=f"delete a scenario (owner only; recoverable for {days} days)",
        description=f"Delete a saved scenario; owner only. It stays recoverable, with every "
        f"version, for {days} days: `ftroi undelete NAME`.",
    )
    delete.add_argument("scenario", metavar="NAME|ID", help="the scenario's name or id")
    add_identity_options(delete)
    delete.set_defaults(run=run_delete)

    undelete = subparsers.add_parser(
        "undelete", help="bring back a deleted scenario (owner only)",
        description=f"Bring back a scenario deleted in the last {days} days, with every "
        "version; owner only. `ftroi list --deleted` shows them.",
    )
    undelete.add_argument("scenario", metavar="NAME|ID", help="the deleted scenario's name or id")
    add_identity_options(undelete)
    undelete.set_defaults(run=run_undelete)


def run_rename(args: argparse.Namespace) -> int:
    from bot.reports.layout import wrap_wide

    def body() -> int:
        with local_store(args) as store:
            record = find_scenario(store, args.scenario)
            renamed = store.rename_scenario(TEAM, record.id, args.name,
                                            user_id=local_user(args.user), now=datetime.now(UTC))
        print(wrap_wide(f"Renamed {record.name!r} to {renamed.name!r}."))
        return 0

    return guarded("rename", body)


def run_delete(args: argparse.Namespace) -> int:
    from bot.reports.layout import wrap_wide

    def body() -> int:
        with local_store(args) as store:
            record = find_scenario(store, args.scenario)
            store.delete_scenario(TEAM, record.id, user_id=local_user(args.user),
                                  now=datetime.now(UTC))
        versions = record.latest_version
        print(wrap_wide(f"Deleted {record.name!r} ({versions} "
                        f"version{'s' if versions != 1 else ''}, id {record.id}). It stays "
                        f"recoverable for {RECOVERY_PERIOD.days} days:"))
        print(f"  ftroi undelete {shell_arg(record.name)}")
        return 0

    return guarded("delete", body)


def run_undelete(args: argparse.Namespace) -> int:
    from bot.reports.layout import wrap_wide

    def body() -> int:
        with local_store(args) as store:
            gone = find_deleted(store, args.scenario)
            back = store.undelete_scenario(TEAM, gone.id, user_id=local_user(args.user),
                                           now=datetime.now(UTC))
        versions = back.latest_version
        print(wrap_wide(f"Brought back {back.name!r} with its {versions} "
                        f"version{'s' if versions != 1 else ''} (id {back.id})."))
        return 0

    return guarded("undelete", body)
