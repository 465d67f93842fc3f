"""``ftroi chat`` as people script it: answers piped on standard input.

One test runs a real ``ftroi`` process, piped as in a script; the others run the same
command line in this process (``bot.cli.main`` with standard input, the environment and the
working folder replaced), which checks the same behaviour without a second interpreter's
start-up for each. The saved scenario is read back from the store; the printed figures are
checked against the engine (``analyse`` of the saved inputs at their price date, formatted
by the one rounding rule), and the charts are checked to be PNGs where the output says.
"""

from __future__ import annotations

import doctest
import importlib
import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from bot.reports.brief import MAX_LINES
from bot.reports.card import verdict
from bot.terminal.chat import SAVED_MESSAGE, chart_paths
from engine.analysis import analyse
from engine.figures import usd
from storage import ConversationKey, open_store

REPO = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"
USER = "ada"
KEY = ConversationKey(team_id="local", channel_id="terminal", thread_ts="chat", user_id=USER)


@dataclass(frozen=True)
class Done:
    """How a chat ended, as a finished process reports it."""

    returncode: int
    stdout: str
    stderr: str


Chat = Callable[..., Done]  # chat_here: ftroi chat in this process


def chat(cwd: Path, answers: list[str], *args: str,
         env: dict[str, str] | None = None) -> Done:
    """``ftroi chat ARGS…`` as a real process, the answers piped to it."""
    environ = {k: v for k, v in os.environ.items() if k != "FTROI_DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", *args],
        input="".join(f"{a}\n" for a in answers), cwd=cwd,
        env=environ | {"PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True, text=True, timeout=180, check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def chat_here(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Chat:
    """``ftroi chat ARGS…`` in this process: the answers on standard input, ``cwd`` as the
    working folder, no ``FTROI_DATABASE_URL`` but what ``env`` sets."""

    def run(cwd: Path, answers: list[str], *args: str,
            env: dict[str, str] | None = None) -> Done:
        monkeypatch.chdir(cwd)
        monkeypatch.delenv("FTROI_DATABASE_URL", raising=False)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{a}\n" for a in answers)))
        try:
            code = main(["chat", *args])
        except SystemExit as e:  # argparse's own exits
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return Done(code, captured.out, captured.err)

    return run


def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/chat.db"


FULL = [
    "80k requests a day, 600 in and 250 out", "",  # echo, then Enter confirms
    "",  # next step
    "claude 3.5 sonnet", "y", "",
    "banana",  # quoted back with what is accepted; asked again
    "13b lora, 2x a100 40gb", "y", "",
    "12 runs, $40 compute per run", "y", "",
    "2% api, 5% fine-tuned, $5 per review", "y", "",
    "Support bot",
]


def test_a_whole_chat_saves_prints_the_engines_figures_and_writes_charts(tmp_path: Path) -> None:
    # The one real process: piped, as a script runs it.
    result = chat(tmp_path, FULL, "--database-url", db(tmp_path), "--user", USER,
                  "--charts-dir", str(tmp_path / "charts"))
    assert (result.returncode, result.stderr) == (0, "")
    out = result.stdout
    assert "\x1b[" not in out  # no terminal: no colour
    assert "Understood:\n  requests/day: 80,000\n  input tokens/request: 600" in out
    assert "could not read 'banana'" in out

    store = open_store(db(tmp_path))
    try:
        record = store.find_scenario("local", "Support bot")
        assert store.load_conversation(KEY) is None
    finally:
        store.close()
    inputs = record.inputs
    assert (record.owner_id, record.latest_version) == (USER, 1)
    assert inputs.workload.requests_per_day == 80_000
    assert inputs.workload.avg_output_tokens_per_request == 250
    assert (inputs.api.model, inputs.model.model_size_b, inputs.model.gpu) == (
        "claude-3-5-sonnet", 13, "a100_40g")
    assert (inputs.model.gpus_per_instance, inputs.project.num_training_runs) == (2, 12)
    assert inputs.quality.human_review_rate_ft == 0.05
    assert inputs.api.priced_at is not None

    analysis = analyse(inputs, at=inputs.api.priced_at)
    report = " ".join(out.split())  # the brief wraps prose at 100 columns
    assert verdict(analysis)[0] in report
    d = analysis.decision
    for figure in (usd(analysis.monthly.api_usd), usd(d.self_hosted.monthly_usd),
                   usd(analysis.project.total_usd), usd(d.best_option.lifetime_usd),
                   usd(analysis.uncertainty.lifetime_savings_usd.p10 or 0)):
        assert figure in report
    brief = out[out.index("Saved 'Support bot'"):out.index("\nCharts:")].strip().split("\n")
    assert len(brief) - 2 <= MAX_LINES  # the brief, under its "Saved …" line
    assert "ftroi show 'Support bot' --full" in report or \
        'ftroi show "Support bot" --full' in report
    for path in chart_paths(tmp_path / "charts", "Support bot"):
        assert str(path) in out
        assert path.read_bytes().startswith(PNG)


def test_end_of_input_mid_way_saves_and_a_second_run_resumes(chat_here: Chat,
                                                             tmp_path: Path) -> None:
    first = chat_here(tmp_path, ["80k requests a day", "y", ""], "--database-url", db(tmp_path),
                      "--user", USER)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.rstrip().endswith(SAVED_MESSAGE)
    assert "[2/6] Current API" in first.stdout

    second = chat_here(tmp_path, ["", "", "", "", "Resumed"], "--database-url", db(tmp_path),
                       "--user", USER, "--charts-dir", str(tmp_path / "charts"))
    assert (second.returncode, second.stderr) == (0, "")
    assert "Continuing your unfinished intake" in second.stdout
    assert second.stdout.index("[2/6] Current API") < second.stdout.index("[3/6]")
    assert "[1/6]" not in second.stdout
    store = open_store(db(tmp_path))
    try:
        assert store.find_scenario("local", "Resumed").inputs.workload.requests_per_day == 80_000
    finally:
        store.close()


def test_quit_saves_and_cancel_drops(chat_here: Chat, tmp_path: Path) -> None:
    url = db(tmp_path)
    quit_ = chat_here(tmp_path, ["90k requests a day", "quit"], "--database-url", url,
                      "--user", USER)
    assert quit_.returncode == 0 and quit_.stdout.rstrip().endswith(SAVED_MESSAGE)
    cancel = chat_here(tmp_path, ["y", "cancel"], "--database-url", url, "--user", USER)
    assert cancel.returncode == 0 and "Cancelled: nothing was saved." in cancel.stdout
    assert "Understood:\n  requests/day: 90,000" in cancel.stdout  # the echo, resumed
    store = open_store(url)
    try:
        assert store.list_scenarios("local").items == []
        assert store.load_conversation(KEY) is None
    finally:
        store.close()


def test_commands_back_change_help_at_any_prompt(chat_here: Chat, tmp_path: Path) -> None:
    answers = ["", "", "help", "change requests/day", "70k requests a day", "y", "",
               "back", "", "", "", "", "Commands"]
    result = chat_here(tmp_path, answers, "--database-url", db(tmp_path),
                       "--charts-dir", str(tmp_path / "c"))
    assert (result.returncode, result.stderr) == (0, "")
    assert "Help: Type several values in one line" in result.stdout
    assert "  fine-tuned model, e.g. '7b qlora'" in result.stdout
    assert "<- change this" in result.stdout
    assert "Enter returns to the step you came from (Fine-tuned model and serving)." in \
        result.stdout
    store = open_store(db(tmp_path))
    try:
        assert store.find_scenario("local", "Commands").inputs.workload.requests_per_day == \
            70_000
    finally:
        store.close()


def test_a_fresh_machine_needs_no_configuration(chat_here: Chat, tmp_path: Path) -> None:
    result = chat_here(tmp_path, [""] * 6)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "ftroi.db").is_file()
    assert all(p.is_file() for p in chart_paths(tmp_path / "ftroi-charts",
                                                 "gpt-4o vs 7B LoRA on A10G"))


def test_the_database_url_comes_from_the_environment(chat_here: Chat, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/from-env.db"
    result = chat_here(tmp_path, ["quit"], env={"FTROI_DATABASE_URL": url})
    assert result.returncode == 0 and (tmp_path / "from-env.db").is_file()


def test_editing_a_saved_scenario_saves_version_2(chat_here: Chat, tmp_path: Path) -> None:
    url = db(tmp_path)
    assert chat_here(tmp_path, [""] * 5 + ["Edited"], "--database-url", url).returncode == 0
    result = chat_here(tmp_path, ["1.5k in", "y"] + [""] * 6, "--database-url", url,
                       "--edit", "edited")
    assert (result.returncode, result.stderr) == (0, "")
    assert "(editing 'Edited')" in result.stdout and "version 2" in result.stdout
    store = open_store(url)
    try:
        record = store.find_scenario("local", "Edited")
        assert record.latest_version == 2
        assert record.inputs.workload.avg_input_tokens_per_request == 1500
    finally:
        store.close()


def test_the_list_after_a_save_shows_the_saved_answer_without_analysing(
        chat_here: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from bot.reports import list_answers

    url = db(tmp_path)
    assert chat_here(tmp_path, [""] * 5 + ["Kept"], "--database-url", url).returncode == 0
    analysed: list[str] = []
    monkeypatch.setattr(list_answers, "_analyse", lambda r, today: analysed.append(r.name))
    assert main(["list", "--database-url", url]) == 0
    listed = " ".join(capsys.readouterr().out.split())
    store = open_store(url)
    try:
        inputs = store.find_scenario("local", "Kept").inputs
    finally:
        store.close()
    a = analyse(inputs, at=inputs.api.priced_at)
    assert analysed == []  # the intake kept its answer when it saved the version
    assert f"{verdict(a)[0]}; {usd(a.decision.best_option.lifetime_usd)} over the lifetime" \
        in listed


def test_bad_options_exit_2_without_a_traceback(chat_here: Chat, tmp_path: Path) -> None:
    bad_url = chat_here(tmp_path, [], "--database-url", "mysql://nope")
    assert bad_url.returncode == 2 and "ftroi chat: FTROI_DATABASE_URL" in bad_url.stderr
    missing = chat_here(tmp_path, [], "--database-url", db(tmp_path), "--edit", "no such")
    assert missing.returncode == 2 and "no saved scenario called 'no such'" in missing.stderr
    assert "Traceback" not in bad_url.stderr + missing.stderr


@pytest.mark.parametrize("name", ["bot.terminal.render", "bot.terminal.chart_files"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
