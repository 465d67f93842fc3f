"""What each ``ftroi`` command loads: a fresh interpreter runs it, then lists ``sys.modules``.

Start-up time is mostly imports, and which modules a command imports is deterministic where
its time is not (``benchmarks/startup.py`` prints the times). ``ftroi --help`` and every
``ftroi COMMAND --help`` import none of the heavy libraries; ``ftroi roi FILE`` no Slack,
web, database or chart library; ``ftroi list`` no Slack, web or chart library, nor the
PostgreSQL driver when it reads SQLite. Each case also checks the command did its work (its
exit status, and the modules its work needs), so a command that failed early cannot pass.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import build_parser
from engine.models import Scenario
from storage import open_store
from tests.cli.conftest import EXAMPLES, REPO

#: Slow to import and needed by few commands (the issue's list).
HEAVY = ("matplotlib", "numpy", "aiohttp", "slack_bolt", "slack_sdk", "sqlalchemy", "psycopg")
SLACK_AND_WEB = ("aiohttp", "slack_bolt", "slack_sdk", "sqlalchemy")
#: The API price table: ~100 ms to load, needed only once something is priced.
PRICES = "genai_prices"
WATCHED = (*HEAVY, PRICES, "sqlite_utils", "pydantic", "engine.analysis", "storage.sqlite")

#: Runs ``bot.cli.main(argv)`` with its output discarded; prints the exit status and which
#: watched modules are loaded, as JSON.
PROBE = f"""
import contextlib, io, json, sys
from bot.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as e:
        code = e.code
loaded = sorted(m for m in {WATCHED!r} if m in sys.modules)
print(json.dumps({{"code": code, "loaded": loaded}}))
"""


def loaded(*argv: str, cwd: Path, database: str | None = None) -> tuple[int, set[str]]:
    """The exit status of ``ftroi ARGV…`` in a fresh interpreter, and the watched modules
    it loaded."""
    env = {k: v for k, v in os.environ.items() if k != "FTROI_DATABASE_URL"}
    env["PYTHONPATH"] = str(REPO)
    if database:
        env["FTROI_DATABASE_URL"] = database
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(done.stdout.splitlines()[-1])
    return answer["code"], set(answer["loaded"])


def command_names() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_every_command_is_checked() -> None:
    assert {"roi", "list", "serve", "chat", "whatif", "compare"} <= set(command_names())


@pytest.mark.parametrize("argv", [["--help"], *([name, "--help"] for name in command_names())],
                         ids=lambda argv: " ".join(argv))
def test_help_imports_no_heavy_library(argv: list[str], tmp_path: Path) -> None:
    code, modules = loaded(*argv, cwd=tmp_path)
    assert code == 0
    assert modules.isdisjoint({*HEAVY, PRICES}), modules
    if argv[0] != "roi":  # only roi's flags read the field registry (and so pydantic)
        assert "pydantic" not in modules, modules


def test_roi_imports_the_engine_but_no_slack_database_or_chart_library(tmp_path: Path) -> None:
    code, modules = loaded("roi", str(EXAMPLES / "quickstart.toml"), cwd=tmp_path)
    assert code == 0
    assert {"engine.analysis", "numpy", PRICES} <= modules  # it analysed, and priced
    assert modules.isdisjoint({*SLACK_AND_WEB, "matplotlib", "psycopg", "sqlite_utils"}), modules


@pytest.fixture
def saved(tmp_path: Path) -> str:
    """A SQLite database holding one scenario of the local workspace."""
    url = f"sqlite:///{tmp_path / 'ftroi.db'}"
    store = open_store(url)
    try:
        store.create_scenario("local", owner_id="ada", name="Support bot", inputs=Scenario(),
                              now=datetime(2026, 1, 1, tzinfo=UTC))
    finally:
        store.close()
    return url


def test_list_reads_sqlite_and_analyses_without_slack_postgres_or_charts(
        tmp_path: Path, saved: str) -> None:
    code, modules = loaded("list", cwd=tmp_path, database=saved)
    assert code == 0
    assert {"storage.sqlite", "engine.analysis"} <= modules  # it read the store and analysed
    # sqlite-utils only applies schema steps, and the fixture's store applied them all.
    assert modules.isdisjoint({*SLACK_AND_WEB, "matplotlib", "psycopg", "sqlite_utils"}), modules


def test_a_second_list_reads_the_kept_answers_without_the_analysis_or_numpy(
        tmp_path: Path, saved: str) -> None:
    loaded("list", cwd=tmp_path, database=saved)  # analyses the version, keeps its answer
    code, modules = loaded("list", cwd=tmp_path, database=saved)
    assert code == 0 and "storage.sqlite" in modules
    assert modules.isdisjoint({"engine.analysis", "numpy", "sqlite_utils", "matplotlib"}), modules


def test_the_probe_sees_what_a_command_imports(tmp_path: Path, saved: str) -> None:
    # `ftroi show` writes charts: the probe must see matplotlib then, or it proves nothing.
    code, modules = loaded("show", "Support bot", cwd=tmp_path, database=saved)
    assert code == 0
    assert "matplotlib" in modules
    assert modules.isdisjoint(SLACK_AND_WEB), modules
