"""``ftroi roi --json`` is the engine's analysis, and flags override a file's values."""

from __future__ import annotations

import json
from datetime import date

from engine.analysis import analyse
from engine.models import Scenario
from tests.cli.conftest import AT, EXAMPLES, example_analysis


def test_json_is_the_whole_analysis(ftroi):
    result = ftroi("roi", EXAMPLES / "quickstart.toml", "--at", AT.isoformat(), "--json")
    assert (result.code, result.err) == (0, "")
    expected = json.loads(example_analysis("quickstart.toml").model_dump_json())
    assert json.loads(result.out) == expected


def test_the_seed_flag_reaches_the_uncertainty(ftroi):
    result = ftroi("roi", EXAMPLES / "quickstart.toml", "--at", AT.isoformat(), "--json",
                   "--seed", "7")
    printed = json.loads(result.out)
    assert printed["uncertainty"]["seed"] == 7
    assert printed == json.loads(example_analysis("quickstart.toml", seed=7).model_dump_json())


def test_flags_alone_make_a_scenario_over_the_defaults(ftroi):
    result = ftroi("roi", "--requests-per-day", "200k", "--input-tokens", "500",
                   "--output-tokens", "150", "--api", "gpt-4o", "--model-size", "7",
                   "--method", "lora", "--gpu", "a10g", "--instances", "auto",
                   "--review-rate-api", "2%", "--review-rate-ft", "0.03",
                   "--cost-per-review", "$5", "--runs", "10", "--compute-per-run", "12",
                   "--hourly-rate", "150", "--lifetime", "24", "--instance-price", "1.10",
                   "--at", AT.isoformat(), "--json")
    assert (result.code, result.err) == (0, "")
    scenario = Scenario(
        workload={"requests_per_day": 200_000, "avg_input_tokens_per_request": 500,
                  "avg_output_tokens_per_request": 150},
        api={"model": "gpt-4o", "priced_at": AT},
        model={"model_size_b": 7, "method": "lora", "gpu": "a10g", "num_instances": None,
               "instance_usd_per_hour": 1.10},
        quality={"human_review_rate_api": 0.02, "human_review_rate_ft": 0.03,
                 "cost_per_review_usd": 5},
        project={"num_training_runs": 10, "compute_usd_per_run": 12,
                 "engineer_usd_per_hour": 150, "model_lifetime_months": 24},
    )
    assert json.loads(result.out) == json.loads(analyse(scenario, at=AT).model_dump_json())


def test_flags_override_the_files_values_and_keep_the_rest(ftroi):
    result = ftroi("roi", EXAMPLES / "quickstart.toml", "--requests-per-day", "20k",
                   "--review-rate-ft", "3%", "--instances", "3", "--gpu", "L4",
                   "--at", AT.isoformat(), "--json")
    inputs = json.loads(result.out)["inputs"]
    assert inputs["workload"]["requests_per_day"] == 20_000  # flag
    assert inputs["quality"]["human_review_rate_ft"] == 0.03  # flag
    assert inputs["model"]["num_instances"] == 3  # flag, over the file's "auto"
    assert inputs["model"]["gpu"] == "l4"  # flag, canonicalised
    assert inputs["workload"]["avg_output_tokens_per_request"] == 150  # file
    assert inputs["quality"]["task_consistency"] == "high"  # file


def test_custom_api_prices_from_flags(ftroi):
    result = ftroi("roi", "--api", "custom", "--api-input-price", "5", "--api-output-price",
                   "5", "--at", AT.isoformat(), "--json")
    printed = json.loads(result.out)
    assert printed["api_price"]["source"] == "you"
    assert printed["inputs"]["api"]["model"] is None
    # 50,000 requests × 700 tokens × 30 days × $5/1M
    assert printed["monthly"]["api_usd"] == 5_250


def test_at_overrides_the_files_price_date_and_the_file_date_beats_today(ftroi, tmp_path):
    path = tmp_path / "dated.toml"
    path.write_text('[api]\nmodel = "gpt-4o"\npriced_at = 2024-10-01\n')
    from_file = json.loads(ftroi("roi", path, "--json").out)
    assert from_file["priced_at"] == "2024-10-01"
    from_flag = json.loads(ftroi("roi", path, "--at", AT.isoformat(), "--json").out)
    assert from_flag["priced_at"] == AT.isoformat()


def test_without_a_date_the_scenario_is_priced_today_and_the_date_is_kept(ftroi):
    before = date.today()
    printed = json.loads(ftroi("roi", EXAMPLES / "quickstart.toml", "--json").out)
    assert printed["priced_at"] in {before.isoformat(), date.today().isoformat()}
    assert printed["inputs"]["api"]["priced_at"] == printed["priced_at"]


def test_a_json_scenario_file_analyses_like_its_toml_twin(ftroi, tmp_path):
    toml = json.loads(ftroi("roi", EXAMPLES / "case_customer_support.toml", "--at",
                            AT.isoformat(), "--json").out)
    twin = tmp_path / "support.json"
    twin.write_text(json.dumps(toml["inputs"]))
    assert json.loads(ftroi("roi", twin, "--json").out) == toml


def test_auto_in_a_file_sizes_the_fleet(ftroi):
    printed = json.loads(ftroi("roi", EXAMPLES / "quickstart.toml", "--at", AT.isoformat(),
                               "--json").out)
    assert printed["inputs"]["model"]["num_instances"] is None
    assert printed["serving"]["sized_automatically"] is True
