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

from bot.terminal.identity import (
    BAD_INPUT,
    CommandError,
    add_database_option,
    guarded,
    local_store,
)

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="load scenarios from an `ftroi export` JSON file",
        description="Load an `ftroi export` document into the database; what is already "
        "there is kept, so importing the same file twice adds nothing.",
    )
    parser.add_argument("file", metavar="FILE", help="the export to read, or - for stdin")
    add_database_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from storage.errors import InvalidInputError, TransferError
    from storage.transfer import import_document

    def body() -> int:
        try:
            text = sys.stdin.read() if args.file == "-" else Path(args.file).read_bytes()
        except OSError as e:
            raise CommandError(f"cannot read {args.file}: {e.strerror or e}", BAD_INPUT) from e
        with local_store(args) as store:
            try:
                report = import_document(store, text, now=datetime.now(UTC))
            except (TransferError, InvalidInputError) as e:
                raise CommandError(f"{args.file}: {e}", BAD_INPUT) from e
        kept = report.scenarios_seen - report.scenarios_added
        print(
            f"imported {report.scenarios_added} new scenarios and {report.versions_added} "
            f"versions, {report.decisions_added} decisions ({kept} of "
            f"{report.scenarios_seen} scenarios were already here); "
            f"settings of {report.settings_saved} workspaces"
        )
        return 0

    return guarded("import", body)
