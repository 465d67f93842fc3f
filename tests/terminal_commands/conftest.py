"""The scenario commands in-process, against a fresh SQLite file seeded through the Store API.

Four scenarios from ``examples/`` are saved in the "local" workspace, one minute apart (so
"newest first" has one answer), priced at :data:`AT`: two owned by ada, two by bob.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.terminal_commands.cmd_support import SEEDED, Result, seed


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A fresh database holding the seeded scenarios; its URL."""
    url = f"sqlite:///{tmp_path}/ftroi.db"
    seed(url, SEEDED)
    return url


@pytest.fixture
def ftroi(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Run ``ftroi ARGS…`` in-process against ``db`` as ``user`` (ada unless told; None for
    the OS user), in ``tmp_path`` (so default chart folders land there)."""
    monkeypatch.delenv("FTROI_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)

    def run(*args: object, user: str | None = "ada") -> Result:
        argv = [str(a) for a in args] + ["--database-url", db]
        if user is not None:
            argv += ["--user", user]
        try:
            code = main(argv)
        except SystemExit as e:  # argparse's own refusals
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run
