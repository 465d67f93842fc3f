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
    # Every flag reads its value as the chat reads a typed answer, with the chat's message.
    ("--requests-per-day", "lots", ["workload.requests_per_day", "'lots' is not a number",
                                    "'80k requests a day'"]),
    ("--requests-per-day", "-5", ["workload.requests_per_day", "'-5' is negative"]),
    ("--requests-per-day", "1e-310", ["'1e-310' is too small to mean anything"]),
    ("--requests-per-day", "2e10", ["'2e10' is too large", "at most 10,000,000,000"]),
    ("--input-tokens", "5%", ["workload.avg_input_tokens_per_request", "'5%'"]),
    ("--review-rate-ft", "150%", ["quality.human_review_rate_ft", "'150%'", "0–100%"]),
    ("--gpu", "tpu-v5", ["model.gpu", "'tpu-v5'", "accepted: A10G", "H100"]),
    ("--gpu", "h10O", ["unknown GPU 'h10O'; did you mean 'H100'?"]),
    ("--method", "dora", ["model.method", "'dora'", "LoRA (lora); QLoRA"]),
    ("--instances", "2.5", ["model.num_instances", "'2.5'", "whole number", "'auto'"]),
    ("--api", "no-such-model-9000", ["api.model", "no-such-model-9000", "accepted"]),
    ("--api", "gtp-4o", ["did you mean 'gpt-4o'?"]),
    ("--price-book", "2023", ["api.price_book", "'2023'", "current", "seed_2024"]),
    ("--lifetime", "0.5", ["project.model_lifetime_months", "'0.5' is too small",
                           "at least 1 month"]),
    ("--target-utilisation", "1e-310", ["'1e-310' is too small", "at least 1%"]),
    ("--at", "2024-13-01", ["api.priced_at", "'2024-13-01' is not a date"]),
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
                   "bad.toml: workload.requests_per_day: -5 is too small",
                   "bad.toml: model.method: could not read 'dora'",
                   "bad.toml: model.colour: not an input of a scenario", lines=3)


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
