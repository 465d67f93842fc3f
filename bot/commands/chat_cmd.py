"""``ftroi chat``: the guided intake in a terminal, saved after every answer.

    ftroi chat                            start, or continue an unfinished intake
    ftroi chat --usage usage.json         start afresh from a usage export, to confirm
    ftroi chat --new --name "Support bot" start afresh with a name
    ftroi chat --edit "Support bot"       edit a saved scenario (saves its next version)
    printf '80k requests a day\\ny\\n\\n' | ftroi chat   answers piped in, for scripts

Storage is ``--database-url``, else ``$FTROI_DATABASE_URL``, else ``sqlite:///./ftroi.db``
(created on first use). The conversation is the OS user's (``--user`` to choose another) in
the "local" workspace, so ``ftroi chat`` continues where the last run stopped.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage import ConversationKey

__all__ = ["TEAM", "conversation_key", "register", "run"]

FAILED = 1
BAD_INPUT = 2
INTERRUPTED = 130
TEAM, CHANNEL, THREAD = "local", "terminal", "chat"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="answer a short guided conversation, get the report and charts",
        description="The guided intake in the terminal: defaults in brackets (Enter accepts "
        "them), several values in one line, back / skip / change X / help / cancel at any "
        "prompt. Progress is saved after every answer; run it again to continue.",
    )
    parser.add_argument("--database-url", metavar="URL",
                        help="default: $FTROI_DATABASE_URL, else sqlite:///./ftroi.db")
    parser.add_argument("--user", metavar="NAME",
                        help="whose conversation and scenarios (default: the OS user name)")
    parser.add_argument("--name", metavar="NAME", help="the new scenario's name")
    parser.add_argument("--new", action="store_true",
                        help="drop an unfinished intake and start afresh")
    parser.add_argument("--edit", metavar="NAME",
                        help="edit a saved scenario of the 'local' workspace (new version)")
    parser.add_argument("--charts-dir", metavar="DIR", type=Path, default=Path("ftroi-charts"),
                        help="where the chart PNGs are written (default: ./ftroi-charts)")
    parser.add_argument("--usage", metavar="FILE",
                        help="start a new intake from a usage export (OpenAI or Anthropic "
                        "usage API JSON, LiteLLM spend logs, or a usage CSV): its figures are "
                        "offered as the workload's and the API's answers, to confirm")
    parser.set_defaults(run=run)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "local"


def conversation_key(user: str | None) -> ConversationKey:
    """The terminal's conversation: one per OS user (or ``--user``)."""
    from storage.records import ConversationKey

    return ConversationKey(team_id=TEAM, channel_id=CHANNEL, thread_ts=THREAD,
                           user_id=user or _os_user())


def run(args: argparse.Namespace) -> int:
    from bot.terminal.chat import Terminal, read_usage_for_chat, run_chat
    from bot.usage import UsageFileError
    from storage.bootstrap import database_url, open_store
    from storage.errors import InvalidInputError, NotFoundError, StorageError

    try:
        store = open_store(args.database_url or database_url())
    except InvalidInputError as e:
        print(f"ftroi chat: {e}", file=sys.stderr)
        return BAD_INPUT
    except StorageError as e:
        print(f"ftroi chat: {e}", file=sys.stderr)
        return FAILED
    interactive = sys.stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (line editing and history for input())
    terminal = Terminal(stdin=sys.stdin, stdout=sys.stdout, interactive=interactive,
                        colour=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    try:
        scenario_id = store.find_scenario(TEAM, args.edit).id if args.edit else None
        usage = read_usage_for_chat(Path(args.usage), terminal, now=datetime.now(UTC)) \
            if getattr(args, "usage", None) else None
        return run_chat(store, conversation_key(args.user), terminal, today=date.today(),
                        clock=lambda: datetime.now(UTC), charts_dir=args.charts_dir,
                        name=args.name, scenario_id=scenario_id,
                        restart=args.new or usage is not None, usage=usage)
    except UsageFileError as e:
        print(f"ftroi chat: {e}", file=sys.stderr)
        return BAD_INPUT
    except NotFoundError:
        print(f"ftroi chat: no saved scenario called {args.edit!r} in the local workspace",
              file=sys.stderr)
        return BAD_INPUT
    except InvalidInputError as e:
        print(f"ftroi chat: {e}", file=sys.stderr)
        return BAD_INPUT
    except StorageError as e:
        print(f"ftroi chat: {e}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("\nftroi chat: saved; run `ftroi chat` to continue", file=sys.stderr)
        return INTERRUPTED
    finally:
        store.close()
