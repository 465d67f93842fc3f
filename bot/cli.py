"""The ``ftroi`` command line: one subcommand per module in ``bot/commands``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.commands import COMMANDS, roi_cmd

__all__ = ["build_parser", "main"]


def build_parser(running: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, in full; given ``running``, the command about to run
    ("" for none, as ``ftroi --help``), ``roi``'s one flag per field only if that is ``roi``:
    its field registry costs a tenth of a second of imports that only ``roi`` needs."""
    parser = argparse.ArgumentParser(
        prog="ftroi",
        description="Fine-tune our own model, or keep paying the API? ftroi answers with numbers.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        if command is roi_cmd:
            roi_cmd.register(sub, flags=running in (None, "roi"))
        else:
            command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv and not argv[0].startswith("-") else ""
    args = build_parser(first).parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
