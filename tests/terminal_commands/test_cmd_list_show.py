"""``ftroi list`` and ``ftroi show``: what ``ftroi chat`` saved, newest first, each with the
engine's answer; one scenario's whole report and its charts."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands import chat_cmd
from bot.reports.card import verdict
from bot.terminal.chat import chart_paths
from bot.terminal.identity import TEAM, local_user
from engine.figures import months, usd
from tests.pg import Schemas
from tests.terminal_commands.cmd_support import (
    PNG,
    SEEDED,
    Result,
    analysis,
    flat,
    opened,
    record,
    refused,
    seed,
    widest,
)

Run = Callable[..., Result]
NEWEST_FIRST = [name for name, _, _ in reversed(SEEDED)]


def positions(out: str, names: list[str]) -> list[int]:
    lines = out.splitlines()
    return [lines.index(name) for name in names]


def test_list_shows_everyones_newest_first_with_the_engines_answer(ftroi: Run, db: str) -> None:
    result = ftroi("list")
    assert (result.code, result.err) == (0, "")
    assert positions(result.out, NEWEST_FIRST) == sorted(positions(result.out, NEWEST_FIRST))
    text = flat(result.out)
    for name, owner, _ in SEEDED:
        r = record(db, name)
        a = analysis(r)
        assert f"v1 by {owner}, updated " in text and f"id {r.id}" in text
        assert verdict(a)[0] in text
        # What the company pays over the lifetime by the best option: the headline's money.
        assert f"{usd(a.decision.best_option.lifetime_usd)} over the lifetime" in text
    assert widest(result.out) <= 100


def test_mine_and_search(ftroi: Run) -> None:
    mine = ftroi("list", "mine", user="bob")
    assert mine.code == 0
    assert "Document extraction" in mine.out and "Code generation" in mine.out
    assert "Quickstart" not in mine.out and "Support bot" not in mine.out
    found = ftroi("list", "all", "SUPPORT")
    assert "Support bot" in found.out and "Quickstart" not in found.out
    assert "matching 'SUPPORT'" in found.out
    none = ftroi("list", "mine", "extraction")  # ada's: none is called that
    assert none.code == 0 and none.out.startswith("No scenarios matching 'extraction'")


def test_mine_is_the_os_user_as_in_ftroi_chat(ftroi: Run,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "bob")
    assert local_user() == chat_cmd.conversation_key(None).user_id == "bob"
    assert TEAM == chat_cmd.TEAM
    mine = ftroi("list", "mine", user=None)
    assert "Code generation" in mine.out and "Quickstart" not in mine.out


def test_pages_follow_the_printed_hint_and_cover_everything_once(ftroi: Run) -> None:
    first = ftroi("list", "--limit", "3")
    hint = next(line for line in first.out.splitlines() if line.startswith("Next page: "))
    argv = shlex.split(hint.removeprefix("Next page: "))
    assert argv[:3] == ["ftroi", "list", "all"] and "--more" in argv
    second = ftroi(*argv[1:])
    assert second.code == 0 and "Next page" not in second.out
    seen = [n for n in NEWEST_FIRST if n in first.out.splitlines()] + \
           [n for n in NEWEST_FIRST if n in second.out.splitlines()]
    assert seen == NEWEST_FIRST


def test_an_empty_workspace_says_how_to_make_one(ftroi: Run, db: str) -> None:
    with opened(db) as store:
        for name, owner, _ in SEEDED:
            store.delete_scenario(TEAM, store.find_scenario(TEAM, name).id, user_id=owner,
                                  now=datetime.now(UTC))
    result = ftroi("list")
    assert result.out.startswith("No scenarios in the local workspace")
    assert "`ftroi chat` makes one" in result.out


@pytest.mark.parametrize("limit", ["0", "101", "many"])
def test_a_bad_page_size_is_refused(ftroi: Run, limit: str) -> None:
    line = refused(ftroi("list", "--limit", limit), 2)
    assert line.startswith(f"ftroi list: --limit: {limit!r} is not accepted")


def test_show_prints_the_engines_report_and_writes_the_charts(ftroi: Run, db: str,
                                                             tmp_path: Path) -> None:
    charts = tmp_path / "charts"
    result = ftroi("show", "support BOT", "--charts-dir", charts)
    assert (result.code, result.err) == (0, "")
    r = record(db, "Support bot")
    a = analysis(r)
    assert result.out.startswith(f"version 1 of 1; owner ada; saved 2026-11-24 09:01 UTC by "
                                 f"ada; id {r.id}\n")
    text = flat(result.out)
    assert verdict(a)[0] in text
    for figure in (usd(a.monthly.api_usd), usd(a.monthly.ft_total_usd),
                   usd(a.monthly.savings_usd), usd(a.project.total_usd),
                   months(a.payback_months)):
        assert figure in text
    for path in chart_paths(charts, "Support bot"):
        assert f"  {path}" in result.out.splitlines()
        assert path.read_bytes().startswith(PNG)


def test_show_by_id_at_an_earlier_version(ftroi: Run, db: str, tmp_path: Path) -> None:
    r = record(db, "Quickstart")
    with opened(db) as store:
        store.save_version(TEAM, r.id, r.inputs.with_value("workload.requests_per_day", 1000),
                           author_id="bob", now=datetime.now(UTC))
    old = ftroi("show", r.id, "--version", "1")
    assert old.code == 0 and old.out.startswith("version 1 of 2; owner ada;")
    assert usd(analysis(r).monthly.api_usd) in old.out
    assert (tmp_path / "ftroi-charts" / "quickstart-v1-break-even.png").exists()
    new = ftroi("show", "quickstart")
    assert "version 2 of 2" in new.out and "by bob" in new.out
    assert usd(analysis(record(db, "Quickstart")).monthly.api_usd) in new.out


def test_show_json_is_the_scenario_and_the_engines_analysis(ftroi: Run, db: str,
                                                            tmp_path: Path) -> None:
    result = ftroi("show", "Code generation", "--json")
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out)
    r = record(db, "Code generation")
    assert document["scenario"]["id"] == r.id
    assert document["scenario"]["version"]["number"] == 1
    assert document["analysis"]["monthly"]["savings_usd"] == analysis(r).monthly.savings_usd
    assert not (tmp_path / "ftroi-charts").exists()  # JSON writes charts only when asked


def test_show_refusals_are_one_line(ftroi: Run, db: str) -> None:
    assert refused(ftroi("show", "suport bot"), 1) == (
        "ftroi show: no scenario called 'suport bot' in the local workspace; did you mean "
        "'Support bot'?")
    assert refused(ftroi("show", "Quickstart", "--version", "7"), 1) == (
        "ftroi show: 'Quickstart' has no version 7; it has versions 1–1 (see `ftroi history "
        "Quickstart`)")
    assert "is not accepted" in refused(ftroi("show", "Quickstart", "--version", "two"), 2)
    with opened(db) as store:
        store.delete_scenario(TEAM, store.find_scenario(TEAM, "Quickstart").id,
                              user_id="ada", now=datetime.now(UTC))
    assert "it was deleted; `ftroi undelete quickstart` brings it back" in \
        refused(ftroi("show", "quickstart"), 1)
    assert "see `ftroi list`" in refused(ftroi("show", "zzzz"), 1)


def test_a_database_url_that_is_not_one_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["list"], ["show", "x"], ["delete", "x"], ["history", "x"]):
        code = main([*command, "--database-url", "mysql://x"])
        captured = capsys.readouterr()
        line = refused(Result(code, captured.out, captured.err), 2)
        assert line.startswith(f"ftroi {command[0]}: FTROI_DATABASE_URL: 'mysql://x' is not "
                               "accepted")


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_scenario_that_no_longer_validates_is_listed_unreadable_by_name(
        backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One stored version a newer or older ftroi wrote (an input this one does not know)
    does not stop the list: the others show their answer, it shows why it has none."""
    schemas = Schemas()
    url = f"sqlite:///{tmp_path}/ftroi.db" if backend == "sqlite" else schemas.new()
    try:
        seed(url, SEEDED)
        broken = record(url, "Support bot")
        written = broken.inputs.model_dump(mode="json")
        written["workload"]["requests_per_second_peak"] = 3  # unknown to this ftroi
        overwrite_inputs(url, broken.id, json.dumps(written))
        monkeypatch.delenv("FTROI_DATABASE_URL", raising=False)
        assert main(["list", "--database-url", url, "--user", "ada"]) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert positions(out, NEWEST_FIRST) == sorted(positions(out, NEWEST_FIRST))
        after = lines[lines.index("Support bot") + 2]
        assert after.startswith("  unreadable: scenario ") and "no longer validate" in after
        for name in ("Quickstart", "Document extraction", "Code generation"):
            rest = lines[lines.index(name) + 2:]
            answer = " ".join(" ".join(rest[:next((i for i, line in enumerate(rest)
                                          if not line.startswith("  ")), len(rest))]).split())
            assert "over the lifetime" in answer and "unreadable" not in answer, name
    finally:
        schemas.drop()


def overwrite_inputs(url: str, scenario_id: str, text: str) -> None:
    """Below the store: a version's stored inputs, as another ftroi might have written them."""
    if url.startswith("sqlite:"):
        import sqlite3

        from storage.bootstrap import sqlite_path
        with sqlite3.connect(sqlite_path(url)) as db:
            db.execute("UPDATE scenario_versions SET inputs = ? WHERE scenario_id = ?",
                       (text, scenario_id))
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE scenario_versions SET inputs = %s::jsonb WHERE scenario_id = %s",
                     (text, scenario_id))
