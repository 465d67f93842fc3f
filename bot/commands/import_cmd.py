"""``ftroi import FILE [--database-url URL]``: load an ``ftroi export`` document.

    ftroi import ftroi-backup.json
    ftroi export | ftroi import - --database-url postgresql://ftroi@db/ftroi   (SQLite → PG)

Importing is idempotent: what the database already has is kept, and importing the same file
again adds nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from storage import (
    InvalidInputError,
    StorageError,
    TransferError,
    database_url,
    open_store,
)
from storage.transfer import import_document

__all__ = ["register", "run"]

FAILED = 1
BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="load scenarios from an `ftroi export` JSON file",
        description="Load an `ftroi export` document into the database; what is already "
        "there is kept, so importing the same file twice adds nothing.",
    )
    parser.add_argument("file", metavar="FILE", help="the export to read, or - for stdin")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="default: $FTROI_DATABASE_URL, else sqlite:///./ftroi.db",
    )
    parser.set_defaults(run=run)


def _complain(message: object, code: int) -> int:
    print(f"ftroi import: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as e:
        return _complain(f"cannot read {args.file}: {e.strerror or e}", BAD_INPUT)
    try:
        store = open_store(args.database_url or database_url())
    except InvalidInputError as e:
        return _complain(e, BAD_INPUT)
    except StorageError as e:
        return _complain(e, FAILED)
    try:
        report = import_document(store, text, now=datetime.now(UTC))
    except (TransferError, InvalidInputError) as e:
        return _complain(f"{args.file}: {e}", BAD_INPUT)
    except StorageError as e:
        return _complain(e, FAILED)
    finally:
        store.close()
    kept = report.scenarios_seen - report.scenarios_added
    print(
        f"imported {report.scenarios_added} new scenarios and {report.versions_added} versions "
        f"({kept} of {report.scenarios_seen} scenarios were already here); "
        f"settings of {report.settings_saved} workspaces"
    )
    return 0
