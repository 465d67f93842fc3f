"""Helpers for the scenario-command tests: seeding, reading back, and what a refusal is."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.reports.compare import text_width
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse
from engine.models import Scenario
from storage import ScenarioRecord, Store, open_store

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TEAM = "local"
#: Every scenario is priced at this date, so genai-prices' scheduled changes move nothing.
AT = date(2026, 11, 24)
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"
# (name, owner, example file), saved oldest first.
SEEDED: tuple[tuple[str, str, str], ...] = (
    ("Quickstart", "ada", "quickstart.toml"),
    ("Support bot", "ada", "case_customer_support.toml"),
    ("Document extraction", "bob", "case_document_extraction.toml"),
    ("Code generation", "bob", "case_code_generation.toml"),
)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def example(file: str) -> Scenario:
    return load_scenario(EXAMPLES / file).with_value("api.priced_at", AT)


def seed(url: str, rows: Sequence[tuple[str, str, str]]) -> None:
    with opened(url) as store:
        for n, (name, owner, file) in enumerate(rows):
            store.create_scenario(TEAM, owner_id=owner, name=name, inputs=example(file),
                                  now=T0 + timedelta(minutes=n))


@contextmanager
def opened(url: str) -> Iterator[Store]:
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()


def record(url: str, name: str, *, version: int | None = None) -> ScenarioRecord:
    with opened(url) as store:
        found = store.find_scenario(TEAM, name)
        return found if version is None else store.get_scenario(TEAM, found.id,
                                                                version=version)


def analysis(r: ScenarioRecord) -> Analysis:
    """What the engine says about a saved scenario, at its own price date."""
    assert r.inputs.api.priced_at is not None
    return analyse(r.inputs, at=r.inputs.api.priced_at)


def flat(text: str) -> str:
    """Whitespace collapsed: reports wrap prose at 100 columns."""
    return " ".join(text.split())


def widest(text: str) -> int:
    """The widest line, in terminal columns (a wide character counts two)."""
    return max((text_width(line) for line in text.splitlines()), default=0)


def refused(result: Result, code: int) -> str:
    """Assert a refusal: the status, nothing on stdout, one line on stderr; that line."""
    assert result.code == code, result
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    return lines[0]
