"""``ftroi export [--team T] [--database-url URL]``: scenarios as JSON on stdout.

    ftroi export > ftroi-backup.json          every workspace, every scenario and version
    ftroi export --team T0123 > t0123.json    one workspace

The document (see ``storage.transfer``) is what ``ftroi import`` reads, on either backend.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from storage import InvalidInputError, StorageError, database_url, open_store
from storage.transfer import export_json

__all__ = ["register", "run"]

FAILED = 1
BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write saved scenarios, with every version, as JSON to stdout",
        description="Write every saved scenario (or one workspace's) with all its versions, "
        "and the workspaces' settings, as one JSON document on stdout.",
    )
    parser.add_argument("--team", metavar="T", help="only this Slack workspace (team id)")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="default: $FTROI_DATABASE_URL, else sqlite:///./ftroi.db",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = open_store(args.database_url or database_url())
    except InvalidInputError as e:
        print(f"ftroi export: {e}", file=sys.stderr)
        return BAD_INPUT
    except StorageError as e:
        print(f"ftroi export: {e}", file=sys.stderr)
        return FAILED
    try:
        count = export_json(store, sys.stdout, now=datetime.now(UTC), team_id=args.team)
    except InvalidInputError as e:
        print(f"ftroi export: {e}", file=sys.stderr)
        return BAD_INPUT
    except StorageError as e:
        print(f"ftroi export: {e}", file=sys.stderr)
        return FAILED
    finally:
        store.close()
    print(f"ftroi export: {count} scenarios written", file=sys.stderr)
    return 0
