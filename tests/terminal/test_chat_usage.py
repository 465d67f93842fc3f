"""``ftroi chat --usage FILE``: what was read is offered as the workload's and the API's
answers, to confirm or change; the report shows what is still measured; a what-if works on
top of the saved scenario."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage import open_store
from tests.terminal.test_chat import REPO, USER, chat, db

SAMPLES = REPO / "tests" / "usage" / "samples"
REST = ["", "", "", "Measured"]  # serving, project, quality accepted; then the name


def saved(tmp_path: Path, name: str = "Measured"):
    store = open_store(db(tmp_path))
    try:
        return store.find_scenario("local", name).inputs
    finally:
        store.close()


def run(tmp_path: Path, answers: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return chat(tmp_path, answers, "--database-url", db(tmp_path), "--user", USER,
                "--charts-dir", str(tmp_path / "charts"), *args)


def test_the_measured_answers_are_confirmed_and_saved(tmp_path: Path) -> None:
    result = run(tmp_path, ["y", "", "y", "", *REST], "--usage",
                 str(SAMPLES / "litellm_spend_logs.csv"))
    assert (result.returncode, result.stderr) == (0, "")
    out = result.stdout
    assert ("Understood:\n  requests/day: 9 requests/day\n  input tokens/request: 1,056 "
            "tokens/request") in out
    assert "Read from litellm_spend_logs.csv (LiteLLM spend logs), 2026-10-07 to 2026-10-07:" \
        in out
    assert "Understood:\n  API model: gpt-4o-mini\n  the dominant model of " \
           "litellm_spend_logs.csv (gpt-4o-mini 56.5%" in out
    inputs = saved(tmp_path)
    assert inputs.workload.requests_per_day == 9
    assert (inputs.workload.peak_hours_per_day, inputs.api.model) == (2, "gpt-4o-mini")
    report = " ".join(out.split("Measured:", 1)[1].split())
    assert "Requests per day 9 requests/day measured from litellm_spend_logs.csv" in report


def test_a_value_changed_after_confirming_is_the_persons(tmp_path: Path) -> None:
    # Confirm the measurement, then type another request count; refuse the measured model.
    result = run(tmp_path, ["y", "20 requests a day", "y", "", "n", "", *REST], "--usage",
                 str(SAMPLES / "litellm_spend_logs.csv"))
    assert (result.returncode, result.stderr) == (0, "")
    inputs = saved(tmp_path)
    assert inputs.workload.requests_per_day == 20
    assert inputs.workload.peak_hours_per_day == 2  # still the measured shape
    assert inputs.api.model == "gpt-4o"  # the default: the measured model was refused
    report = " ".join(result.stdout.split("Measured:", 1)[1].split("Charts:", 1)[0].split())
    assert "Requests per day" not in report  # 20 a day is the person's own, not measured
    assert "Average input tokens 1,056 tokens/request measured from" in report


def test_an_export_without_requests_asks_for_them(tmp_path: Path) -> None:
    result = run(tmp_path, ["lots", "1000 requests a day", "y", "", "y", "", *REST],
                 "--usage", str(SAMPLES / "anthropic_hourly.json"))
    assert (result.returncode, result.stderr) == (0, "")
    assert "anthropic_hourly.json counts tokens but no requests" in result.stdout
    assert "! read no requests a day or input tokens in 'lots'" in result.stdout
    inputs = saved(tmp_path)
    assert (inputs.workload.requests_per_day, inputs.workload.avg_input_tokens_per_request) \
        == (1_000, 99)
    assert inputs.api.model == "claude-sonnet-4-0"


def test_a_bad_file_stops_before_the_intake(tmp_path: Path) -> None:
    bad = tmp_path / "u.csv"
    bad.write_text("date,requests\n")
    result = run(tmp_path, [], "--usage", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith("ftroi chat: u.csv: line 1: the header is date, requests")
    assert "[1/6]" not in result.stdout


def test_whatif_volume_x2_on_a_measured_scenario(tmp_path: Path) -> None:
    assert run(tmp_path, ["y", "", "y", "", *REST], "--usage",
               str(SAMPLES / "usage_daily.csv")).returncode == 0
    parent = saved(tmp_path)
    environ = {k: v for k, v in os.environ.items() if k != "FTROI_DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "whatif", "Measured", "volume x2", "--database-url",
         db(tmp_path), "--user", USER], cwd=tmp_path, env={**environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=180, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    fork = saved(tmp_path, "Measured (what if volume x2)")
    assert fork.workload.requests_per_day == 2 * parent.workload.requests_per_day == 400
    assert fork.workload.avg_input_tokens_per_request == 1_000
    assert fork.workload.monthly_growth_rate == parent.workload.monthly_growth_rate > 0


def test_a_saved_scenario_keeps_where_its_workload_was_measured(tmp_path: Path) -> None:
    """Reopened later, or forked with a what-if, the scenario still says which values came
    from the export; a value the fork changed is no longer the file's."""
    assert run(tmp_path, ["y", "", "y", "", *REST], "--usage",
               str(SAMPLES / "usage_daily.csv")).returncode == 0
    parent = saved(tmp_path)
    assert parent.measured is not None and parent.measured.file == "usage_daily.csv"
    environ = {k: v for k, v in os.environ.items() if k != "FTROI_DATABASE_URL"}

    def cli(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args, "--database-url", db(tmp_path), "--user",
             USER], cwd=tmp_path, env={**environ, "PYTHONPATH": str(REPO)},
            capture_output=True, text=True, timeout=180, check=False)
        assert (result.returncode, result.stderr) == (0, "")
        return " ".join(result.stdout.split())

    shown = cli("show", "Measured", "--full")
    assert "Requests per day 200 requests/day measured from usage_daily.csv" in shown
    assert "Usage file" in shown
    cli("whatif", "Measured", "volume x2")
    fork = cli("show", "Measured (what if volume x2)", "--full")
    assert "Requests per day 400 requests/day you" in fork  # the fork's own value
    assert "Average input tokens 1,000 tokens/request measured from usage_daily.csv" in fork
