"""``ftroi export``: every saved scenario as JSON, or one scenario as a workbook and a memo.

    ftroi export > ftroi-backup.json          every workspace, every scenario and version
    ftroi export --team T0123 > t0123.json    one workspace
    ftroi export "Support bot" --xlsx support.xlsx            the live workbook
    ftroi export "Support bot" --markdown memo.md --version 2 the decision memo of version 2

The JSON document (see ``storage.transfer``) is what ``ftroi import`` reads, on either
backend. The workbook (:mod:`bot.reports.workbook`) recomputes every figure from its Inputs
sheet; the memo (:mod:`bot.reports.memo`) is one page of Markdown, with the decision
recorded on the scenario (Slack's Record decision…) when there is one. Both are of the local
workspace's scenario, priced at its own date, as ``ftroi show`` reports it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.terminal.identity import (
    BAD_INPUT,
    FAILED,
    CommandError,
    add_identity_options,
    find_scenario,
    guarded,
    local_store,
)

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write saved scenarios as JSON to stdout, or one as a workbook (--xlsx) and a "
             "memo (--markdown)",
        description="Without NAME: every saved scenario (or one workspace's) with all its "
        "versions, and the workspaces' settings, as one JSON document on stdout. With NAME: "
        "that scenario's live spreadsheet (--xlsx FILE) and/or its decision memo "
        "(--markdown FILE).",
    )
    parser.add_argument("scenario", nargs="?", metavar="NAME|ID",
                        help="a saved scenario of the local workspace (name or id)")
    parser.add_argument("--xlsx", metavar="FILE", type=Path,
                        help="write the scenario's workbook: every figure a formula over its "
                             "Inputs sheet")
    parser.add_argument("--markdown", metavar="FILE", type=Path,
                        help="write the scenario's one-page decision memo in Markdown")
    parser.add_argument("--version", metavar="N",
                        help="with NAME: an earlier version (default: latest)")
    parser.add_argument("--team", metavar="T", help="without NAME: only this Slack workspace "
                                                    "(team id)")
    add_identity_options(parser)
    parser.set_defaults(run=run)


def _files(args: argparse.Namespace) -> int:
    from bot.commands.show_cmd import analyse_record, version_number
    from bot.reports.memo import memo
    from bot.reports.workbook import build_workbook

    if not (args.xlsx or args.markdown):
        raise CommandError(f"{args.scenario!r}: say what to write — --xlsx FILE (the "
                           "workbook) and/or --markdown FILE (the memo)", BAD_INPUT)
    if args.team:
        raise CommandError("--team is for the JSON export of every scenario; NAME is of the "
                           "local workspace", BAD_INPUT)
    version = version_number(args.version)
    with local_store(args) as store:
        record = find_scenario(store, args.scenario, version=version)
        decision = store.latest_decisions(record.team_id, [record.id]).get(record.id)
    a = analyse_record(record)
    files = []
    if args.xlsx:
        files.append(("workbook", args.xlsx, build_workbook(a, name=record.name).content))
    if args.markdown:
        files.append(("memo", args.markdown, memo(
            a, name=record.name, version=record.version.number, decision=decision).encode()))
    for what, path, content in files:
        try:
            path.write_bytes(content)
        except OSError as e:
            raise CommandError(f"cannot write the {what} to {path}: {e.strerror or e}",
                               FAILED) from None
    written = [f"{what} {path}" for what, path, _ in files]
    print(f"ftroi export: {record.name!r} version {record.version.number}: "
          + ", ".join(written), file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    from storage.transfer import export_json

    def body() -> int:
        if args.scenario is not None:
            return _files(args)
        if args.xlsx or args.markdown or args.version:
            raise CommandError("--xlsx, --markdown and --version need a scenario NAME (e.g. "
                               "ftroi export \"Support bot\" --xlsx support.xlsx)", BAD_INPUT)
        with local_store(args) as store:
            count = export_json(store, sys.stdout, now=datetime.now(UTC), team_id=args.team)
        print(f"ftroi export: {count} scenarios written", file=sys.stderr)
        return 0

    return guarded("export", body)
