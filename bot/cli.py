"""The ``ftroi`` command line: one subcommand per module in ``bot/commands``."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Sequence

from bot.commands import COMMANDS, roi_cmd

__all__ = ["build_parser", "entry", "main"]


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


def entry() -> int:
    """The ``ftroi`` console script: :func:`main`, then the process ends without tearing the
    interpreter down.

    Freeing every object and module of NumPy, pydantic and the rest at exit takes 0.07–0.1 s
    here (a tenth of ``ftroi compare``) and does nothing a finished command needs. What exit
    would run is still run — the ``atexit`` functions (logging's last flush, temporary
    files' clean-up), then standard output and error flushed — and only when no other
    thread is left whose work the interpreter would wait for; otherwise it exits as usual.
    """
    code = main()
    if threading.active_count() > 1:
        return code
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the reader left; no file behind it
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(entry())
