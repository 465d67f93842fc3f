"""``ftroi list [mine|all] [SEARCH]``: the local workspace's saved scenarios, newest first.

    ftroi list                      everyone's, a page at a time
    ftroi list mine support         mine whose name contains "support" (ignoring case)
    ftroi list --deleted            deleted ones, with how long they stay recoverable
    ftroi list --more CURSOR        the next page (the command for it is printed)

Each scenario shows its name, version, owner, when it was last changed and its id, then the
answer: the verdict line of its result card and its best option's lifetime cost, analysed
once per version and kept (:mod:`bot.reports.list_answers`).
"""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING

from bot.commands.show_cmd import stamp
from bot.terminal.identity import (
    TEAM,
    add_identity_options,
    guarded,
    local_store,
    local_user,
    shell_arg,
    whole_number,
)

if TYPE_CHECKING:
    from storage import ScenarioSummary

__all__ = ["PAGE", "register", "run"]

PAGE = 20
SCOPES = ("mine", "all")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "list", help="saved scenarios, newest first",
        description="The local workspace's saved scenarios, most recently changed first, with "
        "each one's verdict. 'mine' keeps your own; words after it search within names.",
    )
    parser.add_argument("words", nargs="*", metavar="[mine|all] [SEARCH]",
                        help="'mine' or 'all' (default), then text to look for in names")
    parser.add_argument("--deleted", action="store_true",
                        help="deleted scenarios instead (recoverable for 30 days)")
    parser.add_argument("--more", metavar="CURSOR", help="the next page, as printed")
    parser.add_argument("--limit", metavar="N", default=str(PAGE),
                        help=f"scenarios per page, 1–100 (default {PAGE})")
    add_identity_options(parser)
    parser.set_defaults(run=run)


def _live(s: ScenarioSummary, answer: str) -> list[str]:
    from bot.reports.layout import wrap_wide

    forked = "; a fork" if s.parent_id else ""
    return [wrap_wide(s.name),
            wrap_wide(f"v{s.latest_version} by {s.owner_id}, updated {stamp(s.updated_at)}, "
                      f"id {s.id}{forked}", first="  ", indent="  "),
            wrap_wide(answer, first="  ", indent="  ")]


def _deleted(s: ScenarioSummary) -> list[str]:
    from bot.reports.layout import wrap_wide
    from storage.rules import RECOVERY_PERIOD

    gone = s.deleted_at or s.updated_at
    until = (gone + RECOVERY_PERIOD).strftime("%Y-%m-%d")
    return [wrap_wide(s.name),
            wrap_wide(f"v{s.latest_version} by {s.owner_id}, deleted {stamp(gone)} by "
                      f"{s.deleted_by or s.owner_id}, id {s.id}", first="  ", indent="  "),
            wrap_wide(f"recoverable until {until}: ftroi undelete {shell_arg(s.name)}",
                      first="  ", indent="  ")]


def run(args: argparse.Namespace) -> int:
    from bot.reports.layout import wrap_wide
    from bot.reports.list_answers import answers

    def body() -> int:
        words = list(args.words)
        scope = words.pop(0).lower() if words and words[0].lower() in SCOPES else "all"
        search = " ".join(words) or None
        limit = whole_number(args.limit, "--limit", top=100)
        owner = local_user(args.user) if scope == "mine" else None
        with local_store(args) as store:
            page = store.list_scenarios(TEAM, owner_id=owner, search=search,
                                        deleted=args.deleted, limit=limit, cursor=args.more)
            if args.deleted:
                blocks = [_deleted(s) for s in page.items]
            else:
                said = answers(store, TEAM, page.items)
                blocks = [_live(s, said[s.id]) for s in page.items]
        what = "Deleted scenarios" if args.deleted else "Scenarios"
        whose = f"{owner}'s" if owner else "everyone's"
        matching = f" matching {search!r}" if search else ""
        if not blocks:
            hint = "" if args.deleted or search or args.more else \
                " — `ftroi chat` makes one, `ftroi whatif` forks one"
            print(wrap_wide(f"No {what.lower()}{matching} in the local workspace ({whose}){hint}."))
            return 0
        order = "most recently deleted first" if args.deleted else "newest first"
        print(wrap_wide(f"{what}{matching} in the local workspace ({whose}), {order}:") + "\n")
        print("\n\n".join("\n".join(lines) for lines in blocks))
        if page.next_cursor:
            again = ["ftroi", "list", scope, *words]
            if args.deleted:
                again.append("--deleted")
            if limit != PAGE:
                again += ["--limit", str(limit)]
            for option, value in (("--user", args.user), ("--database-url", args.database_url)):
                again += [option, value] if value else []
            again += ["--more", page.next_cursor]
            print("\nNext page: " + " ".join(shlex.quote(w) for w in again))
        return 0

    return guarded("list", body)
