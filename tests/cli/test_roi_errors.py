"""Bad input to ``ftroi roi``: exit 2, one line per problem naming the field, the value and
what is accepted, and never a traceback."""

from __future__ import annotations

import pytest

from tests.cli.conftest import AT, EXAMPLES


def assert_refused(result, *expected: str, lines: int = 1) -> None:
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    problems = result.err.strip().splitlines()
    assert len(problems) == lines, problems
    for text in expected:
        assert text in result.err, (text, result.err)


@pytest.mark.parametrize(("flag", "value", "expected"), [
    ("--requests-per-day", "lots", ["workload.requests_per_day", "'lots'", "valid number"]),
    ("--requests-per-day", "-5", ["workload.requests_per_day", "-5",
                                  "greater than or equal to 0"]),
    ("--input-tokens", "5%", ["workload.avg_input_tokens_per_request", "'5%'"]),
    ("--review-rate-ft", "150%", ["quality.human_review_rate_ft", "1.5",
                                  "less than or equal to 1"]),
    ("--gpu", "tpu-v5", ["model.gpu", "'tpu-v5'", "accepted: a10, a100_40g", "h100"]),
    ("--method", "dora", ["model.method", "'dora'", "'lora', 'qlora' or 'full'"]),
    ("--instances", "2.5", ["model.num_instances", "'2.5'", "valid integer"]),
    ("--api", "no-such-model-9000", ["api", "no-such-model-9000", "accepted"]),
    ("--price-book", "2023", ["api.price_book", "'2023'", "'current' or 'seed_2024'"]),
    ("--lifetime", "0.5", ["project.model_lifetime_months", "0.5",
                           "greater than or equal to 1"]),
    ("--at", "2024-13-01", ["api.priced_at", "'2024-13-01'", "valid date"]),
])
def test_a_bad_flag_names_the_flag_the_field_the_value_and_what_is_accepted(
    ftroi, flag, value, expected
):
    assert_refused(ftroi("roi", flag, value), flag, *expected)


def test_every_bad_flag_is_reported_at_once(ftroi):
    result = ftroi("roi", "--requests-per-day", "lots", "--gpu", "tpu", "--method", "dora")
    assert_refused(result, "--requests-per-day", "--gpu", "--method", lines=3)


def test_a_bad_file_names_the_file_and_each_bad_field(ftroi, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[workload]\nrequests_per_day = -5\n[model]\nmethod = "dora"\n'
                    'colour = "blue"\n')
    assert_refused(ftroi("roi", path),
                   "bad.toml: workload.requests_per_day: -5 is not accepted",
                   "bad.toml: model.method: 'dora' is not accepted",
                   "bad.toml: model.colour", "Extra inputs are not permitted", lines=3)


def test_a_flag_fixes_the_files_bad_value(ftroi, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[workload]\nrequests_per_day = -5\n")
    assert ftroi("roi", path, "--requests-per-day", "1000", "--at", AT.isoformat()).code == 0


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("broken.toml", "[workload\nrequests_per_day = 5\n", "broken.toml: not valid TOML"),
    ("broken.json", '{"workload": ', "broken.json: not valid JSON"),
    ("list.json", "[1, 2]", "the top level must be a table of scenario parts"),
    ("scenario.yaml", "workload: {}", "must end in .toml or .json"),
])
def test_an_unreadable_file_says_why(ftroi, tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text)
    assert_refused(ftroi("roi", path), expected)


def test_a_missing_file(ftroi, tmp_path):
    assert_refused(ftroi("roi", tmp_path / "nowhere.toml"), "nowhere.toml: no such file")


def test_a_model_that_fits_no_fleet_is_refused_by_the_engine(ftroi):
    result = ftroi("roi", "--model-size", "1500", "--at", AT.isoformat())
    assert_refused(result, "1500B", "more than 64 GPUs")


def test_a_bad_seed_is_refused_by_the_parser(ftroi):
    result = ftroi("roi", EXAMPLES / "quickstart.toml", "--seed", "minus one")
    assert result.code == 2
    assert "--seed" in result.err and "'minus one' is not accepted" in result.err
    assert "Traceback" not in result.err
