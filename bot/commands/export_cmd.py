"""``ftroi export [--team T] [--database-url URL]``: scenarios as JSON on stdout.

    ftroi export > ftroi-backup.json          every workspace, every scenario and version
    ftroi export --team T0123 > t0123.json    one workspace

The document (see ``storage.transfer``) is what ``ftroi import`` reads, on either backend.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from bot.terminal.identity import add_database_option, guarded, local_store

__all__ = ["register", "run"]

def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write saved scenarios, with every version, as JSON to stdout",
        description="Write every saved scenario (or one workspace's) with all its versions, "
        "and the workspaces' settings, as one JSON document on stdout.",
    )
    parser.add_argument("--team", metavar="T", help="only this Slack workspace (team id)")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storage.transfer import export_json

    def body() -> int:
        with local_store(args) as store:
            count = export_json(store, sys.stdout, now=datetime.now(UTC), team_id=args.team)
        print(f"ftroi export: {count} scenarios written", file=sys.stderr)
        return 0

    return guarded("export", body)
