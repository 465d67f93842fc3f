"""Who and where the terminal acts, and how its commands find a saved scenario.

Every terminal surface works in one workspace, :data:`TEAM` (``"local"``), as one person: the
OS user name (``getpass.getuser()``), or ``--user NAME``. So ``ftroi list`` shows what
``ftroi chat`` saved, and the owner-only commands (rename, delete, undelete) know the same
person as the owner. The database is ``--database-url``, else ``$FTROI_DATABASE_URL``, else
``sqlite:///./ftroi.db``.

A scenario is named by its name, ignoring case and extra spaces, or by its id. A name that
matches nothing is answered with the closest names of the workspace, and a deleted one with
how to bring it back. :func:`guarded` turns every refusal into one line on standard error
and an exit status: 2 for input that cannot be used, 1 for a refusal or something missing.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: building the parsers (`ftroi --help`) needs none
    from storage import ScenarioRecord, ScenarioSummary, Store

__all__ = [
    "BAD_INPUT",
    "FAILED",
    "TEAM",
    "CommandError",
    "add_database_option",
    "add_identity_options",
    "find_deleted",
    "find_scenario",
    "guarded",
    "local_store",
    "local_user",
    "shell_arg",
    "store_url",
    "whole_number",
]

TEAM = "local"
FAILED = 1
BAD_INPUT = 2
_ID = re.compile(r"^[0-9a-f]{16}$")
_SCAN = 1_000  # names looked through for suggestions: far more than a terminal user keeps


class CommandError(Exception):
    """A refusal to print as one line, with the exit status it ends in."""

    def __init__(self, message: str, code: int = FAILED) -> None:
        super().__init__(message)
        self.code = code


def local_user(explicit: str | None = None) -> str:
    """``--user`` if given, else the OS user name (``"local"`` when there is none)."""
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "local"


def whole_number(text: str, option: str, *, top: int | None = None) -> int:
    """A whole number from 1 (to ``top``) typed for ``option``; else :class:`CommandError`
    (status 2) saying what is accepted.

    >>> whole_number("20", "--limit", top=100)
    20
    >>> whole_number("0", "--from")
    Traceback (most recent call last):
    ...
    bot.terminal.identity.CommandError: --from: '0' is not accepted — a whole number from 1
    """
    if not text.strip().isdigit() or int(text) < 1 or (top is not None and int(text) > top):
        upto = f" to {top}" if top is not None else ""
        raise CommandError(f"{option}: {text!r} is not accepted — a whole number from 1{upto}",
                           BAD_INPUT)
    return int(text)


def store_url(explicit: str | None = None) -> str:
    """``--database-url`` if given, else ``$FTROI_DATABASE_URL``, else the default file."""
    from storage.bootstrap import database_url

    return explicit or database_url()


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """``--database-url``, as every command that reads or writes scenarios takes it."""
    parser.add_argument("--database-url", metavar="URL",
                        help="default: $FTROI_DATABASE_URL, else sqlite:///./ftroi.db")


def add_identity_options(parser: argparse.ArgumentParser) -> None:
    """``--database-url`` and ``--user``, as every command of the local workspace takes them."""
    add_database_option(parser)
    parser.add_argument("--user", metavar="NAME",
                        help="who you are in the local workspace (default: the OS user name)")


@contextmanager
def local_store(args: argparse.Namespace) -> Iterator[Store]:
    """The store ``args.database_url`` names, closed afterwards."""
    from storage.bootstrap import open_store

    store = open_store(store_url(args.database_url))
    try:
        yield store
    finally:
        store.close()


def guarded(prog: str, body: Callable[[], int]) -> int:
    """Run a command's body; a refusal becomes one line on standard error and a status."""
    from engine.errors import EngineError
    from storage.errors import (
        InvalidInputError,
        NameTakenError,
        NotFoundError,
        NotOwnerError,
        StorageError,
    )

    try:
        return body()
    except BrokenPipeError:
        return _reader_left()
    except CommandError as e:
        return _fail(prog, str(e), e.code)
    except (InvalidInputError, NameTakenError, EngineError) as e:
        return _fail(prog, str(e), BAD_INPUT)
    except (NotFoundError, NotOwnerError, StorageError) as e:
        return _fail(prog, str(e), FAILED)


def _reader_left() -> int:
    """The reader of standard output left (``ftroi list | head -1``): stop quietly.

    Standard output is pointed at the null device, so the interpreter's last flush does not
    fail again at exit (as the Python documentation on SIGPIPE advises).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind sys.stdout (captured, replaced)
        pass
    return FAILED


def _fail(prog: str, message: str, code: int) -> int:
    print(f"ftroi {prog}: {message}", file=sys.stderr)
    return code


def _names(store: Store, *, deleted: bool = False) -> list[ScenarioSummary]:
    found: list[ScenarioSummary] = []
    cursor: str | None = None
    while len(found) < _SCAN:
        page = store.list_scenarios(TEAM, deleted=deleted, limit=100, cursor=cursor)
        found += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    return found


def _usable_name(text: str) -> bool:
    from storage.rules import MAX_NAME_LENGTH

    return 0 < len(text) <= MAX_NAME_LENGTH and bool(text.strip()) and text.isprintable()


def find_scenario(store: Store, text: str, *, version: int | None = None) -> ScenarioRecord:
    """The live scenario named ``text`` (ignoring case), or with that id; at ``version``.

    Not found: :class:`CommandError` naming close matches, or saying it was deleted.
    """
    from storage.errors import NotFoundError

    record: ScenarioRecord | None = None
    if _usable_name(text):
        try:
            record = store.find_scenario(TEAM, text)
        except NotFoundError:
            record = None
    if record is None and _ID.match(text.strip().lower()):
        try:
            record = store.get_scenario(TEAM, text.strip().lower())
        except NotFoundError:
            record = None
    if record is None:
        raise CommandError(_not_found(store, text))
    if version is not None and version != record.version.number:
        try:
            return store.get_scenario(TEAM, record.id, version=version)
        except NotFoundError:
            history = f"ftroi history {shell_arg(record.name)}"
            raise CommandError(f"{record.name!r} has no version {version}; it has versions "
                               f"1–{record.latest_version} (see `{history}`)") from None
    return record


def find_deleted(store: Store, text: str) -> ScenarioSummary:
    """The deleted scenario named ``text`` (ignoring case) or with that id, most recently
    deleted first; :class:`CommandError` when there is none."""
    from bot.dialogue.scenario_names import close_matches
    from storage.errors import NotFoundError
    from storage.rules import name_key

    key = name_key(text)
    gone = _names(store, deleted=True)
    for summary in sorted(gone, key=lambda s: s.deleted_at or s.updated_at, reverse=True):
        if name_key(summary.name) == key or summary.id == text.strip().lower():
            return summary
    try:
        live = store.find_scenario(TEAM, text) if _usable_name(text) else None
    except NotFoundError:
        live = None
    if live is not None:
        raise CommandError(f"{live.name!r} is not deleted; nothing to undelete")
    hint = close_matches(text, [s.name for s in gone])
    suffix = f"; deleted ones that look like it: {_quoted(hint)}" if hint else ""
    raise CommandError(f"no deleted scenario called {text!r} in the local workspace{suffix} "
                       "(see `ftroi list --deleted`)")


def _not_found(store: Store, text: str) -> str:
    from bot.dialogue.scenario_names import close_matches
    from storage.rules import name_key

    message = f"no scenario called {text!r} in the local workspace"
    if _usable_name(text):
        key = name_key(text)
        if any(name_key(s.name) == key for s in _names(store, deleted=True)):
            undelete = f"ftroi undelete {shell_arg(text)}"
            return f"{message}: it was deleted; `{undelete}` brings it back"
    hint = close_matches(text, [s.name for s in _names(store)])
    if hint:
        return f"{message}; did you mean {_quoted(hint)}?"
    return f"{message} (see `ftroi list`)"


def _quoted(names: list[str]) -> str:
    return " or ".join(repr(n) for n in names)


def shell_arg(name: str) -> str:
    """A name as it would be typed in a shell: quoted when it has to be.

    >>> print(shell_arg("Support"), shell_arg("Support bot"))
    Support 'Support bot'
    """
    return shlex.quote(name)
