"""``ftroi export NAME --xlsx/--markdown`` and ``--brief``/``--full`` on show and roi.

Oracles: the engine's analysis of the saved scenario at its own price date (the workbook's
cached results and the memo's figures are its figures), the brief's 25-line limit, and the
refusals' one line naming what is accepted.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

from bot.cli import main
from bot.reports.brief import MAX_LINES
from bot.reports.workbook import build_workbook
from engine.figures import usd
from storage import open_store
from tests.terminal_commands.cmd_support import EXAMPLES, analysis, flat, record, refused
from tests.terminal_commands.test_cmd_list_show import Run


def test_export_writes_the_workbook_and_the_memo(ftroi: Run, db: str, tmp_path: Path) -> None:
    book, note = tmp_path / "support.xlsx", tmp_path / "memo.md"
    result = ftroi("export", "support BOT", "--xlsx", book, "--markdown", note)
    assert (result.code, result.out) == (0, "")
    assert result.err == f"ftroi export: 'Support bot' version 1: workbook {book}, memo {note}\n"
    a = analysis(record(db, "Support bot"))
    expected = build_workbook(a, name="Support bot")
    wb = openpyxl.load_workbook(io.BytesIO(book.read_bytes()), data_only=True)
    for c in expected.cells:
        assert wb[c.sheet][c.ref].value == (c.expected if c.expected != "" else None), c.key
    text = note.read_text()
    assert text.startswith("# Decision memo: Support bot") and a.decision.headline in text
    assert usd(a.monthly.api_usd) in text


def test_the_memo_carries_the_decision_recorded_on_the_scenario(ftroi: Run, db: str,
                                                                 tmp_path: Path) -> None:
    saved = record(db, "Support bot")
    store = open_store(db)
    try:
        store.record_decision(saved.team_id, saved.id, 1, option_id="current_api",
                              option_label="Keep gpt-4o", user_id="U0ALICE0001",
                              user_name="alice", now=datetime(2026, 1, 5, 9, tzinfo=UTC))
    finally:
        store.close()
    note = tmp_path / "memo.md"
    assert ftroi("export", "Support bot", "--markdown", note).code == 0
    assert ("**Keep gpt-4o** (option `current_api`), chosen by alice (Slack user U0ALICE0001) "
            "on version 1, 2026-01-05 09:00 UTC.") in note.read_text()


def test_export_of_one_file_and_an_earlier_version(ftroi: Run, db: str, tmp_path: Path) -> None:
    ftroi("whatif", "Support bot", "volume x2")
    note = tmp_path / "v1.md"
    result = ftroi("export", "Support bot", "--markdown", note, "--version", "1")
    assert result.code == 0 and note.exists() and not (tmp_path / "support.xlsx").exists()


def test_export_refusals_are_one_line(ftroi: Run, tmp_path: Path) -> None:
    assert "say what to write — --xlsx FILE" in refused(ftroi("export", "Support bot"), 2)
    assert "need a scenario NAME" in refused(ftroi("export", "--xlsx", tmp_path / "a.xlsx"), 2)
    assert "no scenario called 'Nope'" in refused(
        ftroi("export", "Nope", "--xlsx", tmp_path / "a.xlsx"), 1)
    line = refused(ftroi("export", "Support bot", "--xlsx", tmp_path / "no" / "dir" / "a.xlsx"),
                   1)
    assert line.startswith("ftroi export: cannot write the workbook to ")


def test_show_brief_is_one_page_and_full_the_report(ftroi: Run, db: str) -> None:
    a = analysis(record(db, "Quickstart"))
    short = ftroi("show", "Quickstart", "--brief")
    assert short.code == 0
    page = short.out.split("\n\n", 1)[1].split("\nChart")[0].rstrip("\n").split("\n")
    assert len(page) <= MAX_LINES
    assert flat(a.decision.headline) in flat(short.out)
    assert "ftroi show Quickstart --full" in short.out
    full = ftroi("show", "Quickstart", "--full")
    assert len(full.out.splitlines()) > 100 and "Assumptions" in full.out
    assert "one of the arguments --brief --full" not in full.err


def test_roi_brief(capsys: object) -> None:
    code = main(["roi", str(EXAMPLES / "case_customer_support.toml"), "--brief",
                 "--at", "2026-11-24"])
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert code == 0 and len(out.rstrip("\n").split("\n")) <= MAX_LINES
    assert "the same command with --full" in out
