"""``ftroi roi --usage FILE`` and ``[workload] usage``: the measured workload, its provenance
in the report, and the JSON contract (``inputs.workload`` and a top-level ``usage``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import AT, flat

SAMPLES = Path(__file__).resolve().parents[1] / "usage" / "samples"


def roi_json(ftroi, *args: object) -> dict:
    result = ftroi("roi", *args, "--at", AT.isoformat(), "--json")
    assert (result.code, result.err) == (0, "")
    return json.loads(result.out)


def test_json_shows_the_measured_workload_and_the_usage_object(ftroi):
    out = roi_json(ftroi, "--usage", SAMPLES / "usage_daily.csv")
    w, u = out["inputs"]["workload"], out["usage"]
    assert (w["requests_per_day"], w["avg_input_tokens_per_request"],
            w["avg_output_tokens_per_request"]) == (200, 1_000, 100)
    assert w["monthly_growth_rate"] == pytest.approx(u["growth_low"] / 2 + u["growth_high"] / 2,
                                                     abs=0.2)
    assert (w["peak_hours_per_day"], w["off_peak_traffic_share"]) == (None, None)
    assert out["inputs"]["api"]["model"] == "gpt-4o"
    assert {k: u[k] for k in ("source", "first_day", "last_day", "days", "requests",
                              "input_tokens", "output_tokens", "cached_input_tokens",
                              "models")} == {
        "source": "usage_daily.csv", "first_day": "2026-09-01", "last_day": "2026-10-05",
        "days": 35, "requests": 6_860, "input_tokens": 6_860_000, "output_tokens": 686_000,
        "cached_input_tokens": 686_000, "models": {"gpt-4o": 1.0}}
    assert u["growth_low"] < w["monthly_growth_rate"] < u["growth_high"]
    # The growth range goes to the scenario's ranges, for the uncertainty.
    assert out["inputs"]["ranges"]["workload.monthly_growth_rate"] == {
        "low": u["growth_low"], "high": u["growth_high"]}
    # And the figures are the engine's for those inputs: the API bill of 200 × (1,000 in, of
    # which the measured 10% at gpt-4o's cache-read $1.25 and 90% at $2.50, + 100 out at $10)
    # a day for 30 days.
    assert out["monthly"]["api_usd"] == pytest.approx(
        200 * 30 * (1_000 * (0.9 * 2.5 + 0.1 * 1.25) + 100 * 10) / 1e6)
    assert out["api_price"]["source"].startswith(
        "the measured mix of usage_daily.csv (mean of the last 28 whole days")


def test_hourly_logs_fill_the_traffic_shape(ftroi):
    out = roi_json(ftroi, "--usage", SAMPLES / "litellm_spend_logs.csv")
    w = out["inputs"]["workload"]
    assert (w["requests_per_day"], w["peak_hours_per_day"]) == (9, 2)
    assert w["off_peak_traffic_share"] == pytest.approx(5_900 / 11_500)
    assert w["monthly_growth_rate"] == 0  # one day: no growth measured, the default kept
    assert out["usage"]["growth_low"] is None and out["usage"]["growth_note"]
    assert "workload.monthly_growth_rate" not in out["inputs"]["ranges"]


def test_flags_win_over_the_measured_values(ftroi):
    out = roi_json(ftroi, "--usage", SAMPLES / "openai_daily.json", "--requests-per-day",
                   "5000", "--api", "gpt-4o-mini")
    w = out["inputs"]["workload"]
    assert (w["requests_per_day"], w["avg_input_tokens_per_request"]) == (5_000, 560)
    assert out["inputs"]["api"]["model"] == "gpt-4o-mini"


def test_anthropic_needs_the_requests_and_says_so(ftroi):
    result = ftroi("roi", "--usage", SAMPLES / "anthropic_hourly.json", "--at", AT.isoformat())
    assert result.code == 2
    assert result.err.startswith("ftroi roi: anthropic_hourly.json: an Anthropic Usage and "
                                 "Cost API (messages) export counts tokens but no requests")
    out = roi_json(ftroi, "--usage", SAMPLES / "anthropic_hourly.json", "--requests-per-day",
                   "1000")
    w = out["inputs"]["workload"]
    assert (w["requests_per_day"], w["avg_input_tokens_per_request"],
            w["avg_output_tokens_per_request"]) == (1_000, 99, 20)
    assert out["usage"]["requests"] is None and out["usage"]["requests_given"] is True
    assert out["inputs"]["api"]["model"] == "claude-sonnet-4-0"


def test_the_report_shows_each_measured_value_with_its_provenance(ftroi):
    result = ftroi("roi", "--usage", SAMPLES / "openai_daily.json", "--at", AT.isoformat())
    assert result.code == 0, result.err
    text = flat(result.out.split("Assumptions\n", 1)[1])
    assert ("Requests per day 1,071 requests/day measured from openai_daily.json, 2026-10-01 "
            "to 2026-10-14 (mean of the 14 whole days)") in text
    assert "Average input tokens 560 tokens/request measured from openai_daily.json" in text
    assert ("API model mix gpt-4o-2024-08-06 80%, gpt-4o-mini-2024-07-18 20% measured from "
            "openai_daily.json") in text
    assert "today's API bill is priced as this mix" in text
    assert ("Cached input share 21.4% measured from openai_daily.json, 2026-10-01 to "
            "2026-10-14; priced at each model's cache-read price in today's bill") in text
    assert "Batch share 20%" in text and "priced at each model's batch price" in text
    assert "weekday pattern removed; 90% range" in text


def test_a_bad_usage_file_is_refused_with_nothing_analysed(ftroi, tmp_path: Path):
    bad = tmp_path / "usage.csv"
    bad.write_text("date,requests,input_tokens,output_tokens\n2026-10-01,-1,5,5\n")
    result = ftroi("roi", "--usage", bad, "--json")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("ftroi roi: usage.csv: line 2: requests is '-1' — expected a whole "
                          "number, 0 or more\n")


def test_a_scenario_file_names_its_usage_relative_to_itself(ftroi, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "data").mkdir()
    shutil.copy(SAMPLES / "openai_daily.json", tmp_path / "data" / "export.json")
    scenario = tmp_path / "plan.toml"
    scenario.write_text('[workload]\nusage = "data/export.json"\n'
                        "avg_output_tokens_per_request = 300\n\n[model]\ngpu = \"l4\"\n")
    monkeypatch.chdir(SAMPLES)  # the path is the scenario file's, not the working directory's
    out = roi_json(ftroi, scenario)
    w = out["inputs"]["workload"]
    assert (w["avg_input_tokens_per_request"], w["avg_output_tokens_per_request"]) == (560, 300)
    assert out["inputs"]["model"]["gpu"] == "l4"
    assert out["usage"]["source"] == "export.json"
    # --usage replaces the file's own.
    assert roi_json(ftroi, scenario, "--usage", SAMPLES / "usage_daily.csv")["usage"][
        "source"] == "usage_daily.csv"


def test_a_scenario_files_missing_usage_is_named(ftroi, tmp_path: Path):
    scenario = tmp_path / "plan.toml"
    scenario.write_text('[workload]\nusage = "gone.json"\n')
    result = ftroi("roi", scenario)
    assert result.code == 2
    assert "gone.json: no such file" in result.err
