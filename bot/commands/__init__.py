"""Subcommands of the ``ftroi`` CLI.

Each module has ``register(subparsers)``, which adds its parser and sets ``run`` (a function
taking the parsed arguments and returning the exit code) as the parser's default.

Building every parser is all that ``ftroi --help`` and ``ftroi COMMAND --help`` do, so each
module imports at its top only what its parser needs (the standard library, the terminal's
:mod:`bot.terminal.identity`, small modules of constants); what running a command needs — the
engine, a store, the reports, the charts, Slack — is imported inside the function that uses
it. ``tests/cli/test_cli_imports.py`` checks which libraries each command loads, and
``benchmarks/startup.py`` times them.
"""

from __future__ import annotations

from types import ModuleType

from bot.commands import (
    chat_cmd,
    compare_cmd,
    export_cmd,
    history_cmd,
    import_cmd,
    list_cmd,
    manage_cmd,
    prices_cmd,
    roi_cmd,
    serve_cmd,
    show_cmd,
    whatif_cmd,
)

COMMANDS: list[ModuleType] = [roi_cmd, prices_cmd, export_cmd, import_cmd, chat_cmd,
                              list_cmd, show_cmd, compare_cmd, whatif_cmd, history_cmd,
                              manage_cmd, serve_cmd]
