"""Subcommands of the ``ftroi`` CLI.

Each module has ``register(subparsers)``, which adds its parser and sets ``run`` (a function
taking the parsed arguments and returning the exit code) as the parser's default.
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
