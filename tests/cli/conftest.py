"""Shared helpers for driving the ``ftroi`` command line in-process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
#: Every test prices at this date, so genai-prices' scheduled changes never move a figure.
AT = date(2026, 11, 24)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def ftroi(capsys: pytest.CaptureFixture[str]):
    """Run ``ftroi ARGS…`` in-process; argparse's own exits are caught as exit codes."""

    def run(*args: str) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def example_analysis(name: str, *, seed: int = 0) -> Analysis:
    """What the engine says about an example, priced as the CLI prices it at ``AT``."""
    scenario = load_scenario(EXAMPLES / name).with_value("api.priced_at", AT)
    return analyse(scenario, at=AT, seed=seed)


def too_wide(text: str, width: int = 100) -> list[str]:
    """Lines wider than ``width``, except one unbreakable word (a URL) on its own line."""
    return [line for line in text.splitlines() if len(line) > width and len(line.split()) > 1]


def flat(text: str) -> str:
    """Whitespace collapsed: the report wraps prose at 100 columns."""
    return " ".join(text.split())
