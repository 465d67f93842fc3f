"""``ftroi list``'s kept answers (``bot.reports.list_answers``): the same words and figures
as an analysis of the version shown, analysed once per version and basis, never kept across
days for a version priced by the day, never for what cannot be analysed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.commands import show_cmd
from bot.reports import list_answers
from bot.reports.card import verdict
from bot.terminal.identity import TEAM
from engine.figures import usd
from engine.models import Scenario
from storage import StorageError, Store, open_store
from storage.records import ScenarioRecord
from storage.sqlite import SQLiteStore
from tests.terminal_commands.cmd_support import Result, analysis, flat, record

Run = Callable[..., Result]


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the scenarios each run had to analyse, in order."""
    names: list[str] = []
    real = list_answers._analyse

    def counting(r: ScenarioRecord, today: date) -> object:
        names.append(r.name)
        return real(r, today)

    monkeypatch.setattr(list_answers, "_analyse", counting)
    return names


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    opened = open_store(db)
    yield opened
    opened.close()


def test_a_second_list_analyses_nothing_and_says_the_same(
        ftroi: Run, db: str, analysed: list[str]) -> None:
    first = ftroi("list")
    assert first.code == 0 and len(analysed) == 4
    second = ftroi("list")
    assert second == first and len(analysed) == 4
    for name in ("Support bot", "Code generation"):
        a = analysis(record(db, name))
        assert (f"{verdict(a)[0]}; {usd(a.decision.best_option.lifetime_usd)} over the lifetime"
                in flat(second.out))


def test_a_new_version_is_analysed_and_shown(ftroi: Run, db: str, store: Store,
                                             analysed: list[str]) -> None:
    ftroi("list")
    old = record(db, "Support bot")
    changed = old.inputs.with_value("workload.requests_per_day", 3_000_000)
    store.save_version(TEAM, old.id, changed, author_id="ada", now=datetime.now(UTC))
    analysed.clear()
    out = flat(ftroi("list").out)
    assert analysed == ["Support bot"]
    new = analysis(record(db, "Support bot"))
    assert new.inputs == changed and verdict(new)[0] in out
    assert verdict(analysis(old))[0] not in out


def test_another_basis_analyses_again(ftroi: Run, analysed: list[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    said = ftroi("list")
    monkeypatch.setattr(list_answers, "basis", lambda: "another engine")
    assert ftroi("list") == said and len(analysed) == 8
    assert ftroi("list") == said and len(analysed) == 8  # kept under that basis now


def test_the_basis_follows_the_engines_files(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    engine = tmp_path / "engine"
    (engine / "data").mkdir(parents=True)
    (engine / "data" / "gpu_offers.csv").write_text("gpu,usd\nh100,2.25\n")
    monkeypatch.setattr(list_answers, "_ROOT", tmp_path)
    monkeypatch.setattr(list_answers, "_SOURCES", (engine,))

    def fresh() -> str:
        list_answers.basis.cache_clear()
        return list_answers.basis()

    try:
        before = fresh()
        assert fresh() == before
        (engine / "data" / "gpu_offers.csv").write_text("gpu,usd\nh100,2.5\n")
        assert fresh() != before
    finally:
        list_answers.basis.cache_clear()


def _undated(store: Store) -> str:
    inputs = Scenario().with_value("workload.requests_per_day", 80_000)
    assert inputs.api.priced_at is None
    return store.create_scenario(TEAM, owner_id="ada", name="Undated", inputs=inputs,
                                 now=datetime.now(UTC)).id


def test_a_version_priced_by_the_day_is_analysed_again_the_next_day(
        store: Store, analysed: list[str]) -> None:
    made = _undated(store)
    items = [s for s in store.list_scenarios(TEAM).items if s.id == made]
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    said = list_answers.answers(store, TEAM, items, today=monday)
    assert list_answers.answers(store, TEAM, items, today=monday) == said
    assert analysed == ["Undated"]
    on_tuesday = list_answers.answers(store, TEAM, items, today=tuesday)
    assert analysed == ["Undated", "Undated"]
    a = show_cmd.analyse_inputs(store.get_scenario(TEAM, made).inputs, today=tuesday)
    assert on_tuesday[made] == (f"{verdict(a)[0]}; {usd(a.decision.best_option.lifetime_usd)}"
                                " over the lifetime")


def test_a_database_that_keeps_nothing_still_gets_its_answers(
        ftroi: Run, analysed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    said = ftroi("list")

    def refuse(*args: object, **kwargs: object) -> int:
        raise StorageError("attempt to write a readonly database")

    monkeypatch.setattr(list_answers, "basis", lambda: "not kept")
    monkeypatch.setattr(SQLiteStore, "save_version_summaries", refuse)
    assert ftroi("list") == said and ftroi("list") == said and len(analysed) == 12
