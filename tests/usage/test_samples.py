"""Each bundled sample, read as its format, gives the figures worked out by hand.

The samples (tests/usage/samples/) are made in each provider's documented format:

* ``openai_daily.json`` — two OpenAI Usage API pages concatenated (2026-10-01…07 with
  ``has_more: true``, then 08…14), daily buckets grouped by model and batch. Weekdays:
  gpt-4o-2024-08-06 (not batch) 1,000 requests, 600k input of which 150k cached, 200k output;
  gpt-4o-mini-2024-07-18 (batch) 250 requests, 100k in, 100k out. Weekends are half of that.
* ``anthropic_hourly.json`` — an Anthropic usage report, 2026-10-05 and 06 by hour, one model.
  Hours 09–16: 4,000 uncached + 1,000 cache-write + 5,000 cache-read input, 2,000 output;
  other hours 400 + 0 + 600, 200 output; at 03:00 also a batch result of 3,000 in, 800 out.
* ``litellm_spend_logs.csv`` / ``.json`` — the same twelve spend-log rows of 2026-10-07: nine
  completions, one failure, one LiteLLM cache hit, one embedding.
* ``usage_daily.csv`` — 35 daily rows of gpt-4o: 180 requests a day for a week, then 200, each
  request 1,000 input tokens (100 cached) and 100 output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.usage import measure, scenario_values
from bot.usage.litellm import LITELLM
from bot.usage.plain import PLAIN
from bot.usage.providers import ANTHROPIC, OPENAI

SAMPLES = Path(__file__).parent / "samples"
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def test_openai_pages_concatenated():
    m = measure(SAMPLES / "openai_daily.json", now=NOW)
    f = m.figures
    assert m.format == OPENAI
    assert (f.first_day, f.last_day, f.days, f.whole_days) == (date(2026, 10, 1),
                                                               date(2026, 10, 14), 14, 14)
    # 10 weekdays × 1,250 requests + 4 weekend days × 625
    assert (f.requests, f.input_tokens, f.cached_input_tokens, f.output_tokens) == (
        15_000, 8_400_000, 1_800_000, 3_600_000)
    assert f.window_days == 14
    assert f.requests_per_day == pytest.approx(15_000 / 14)
    assert (f.avg_input_tokens_per_request, f.avg_output_tokens_per_request) == (560, 240)
    assert f.cached_input_share == pytest.approx(1.8 / 8.4)
    assert f.batch_share == pytest.approx(0.2)  # 2.4M of 12M tokens
    assert f.models == pytest.approx({"gpt-4o-2024-08-06": 0.8, "gpt-4o-mini-2024-07-18": 0.2})
    # Weekends at half are a weekday pattern, not growth: exactly flat.
    assert f.growth is not None
    assert (f.growth.monthly_rate, f.growth.low, f.growth.high) == (0, 0, 0)
    assert (f.peak_hours_per_day, f.off_peak_traffic_share) == (None, None)
    assert m.api_model == "gpt-4o"
    assert m.notes == ()


def test_anthropic_hourly_with_the_request_size_given():
    m = measure(SAMPLES / "anthropic_hourly.json", now=NOW, avg_input_tokens_per_request=990)
    f = m.figures
    assert m.format == ANTHROPIC
    assert (f.days, f.whole_days, f.hourly, f.requests) == (2, 2, True, None)
    # a day: 8 × 10,000 + 16 × 1,000 + 3,000 input; 8 × 2,000 + 16 × 200 + 800 output
    assert (f.input_tokens, f.output_tokens) == (2 * 99_000, 2 * 20_000)
    assert f.cached_input_tokens == 2 * (8 * 5_000 + 16 * 600)
    assert f.requests_per_day == 100  # 99,000 tokens a day ÷ 990 a request
    assert f.avg_output_tokens_per_request == 200
    assert f.batch_share == pytest.approx(3_800 / 119_000)
    assert f.peak_hours_per_day == 8  # 09–16; 03:00 has 5,000 < half of 12,000
    assert f.off_peak_traffic_share == pytest.approx(23_000 / 119_000)
    assert f.growth is None and f.growth_note is not None
    assert m.given == "workload.avg_input_tokens_per_request"
    assert "workload.avg_input_tokens_per_request" not in scenario_values(m)
    assert m.api_model == "claude-sonnet-4-0"


def test_anthropic_with_the_requests_given():
    m = measure(SAMPLES / "anthropic_hourly.json", now=NOW, requests_per_day=1_000)
    assert (m.figures.avg_input_tokens_per_request, m.figures.avg_output_tokens_per_request) \
        == (99, 20)
    assert m.given == "workload.requests_per_day"


@pytest.mark.parametrize("name", ["litellm_spend_logs.csv", "litellm_spend_logs.json"])
def test_litellm_spend_logs(name: str):
    m = measure(SAMPLES / name, now=NOW)
    f = m.figures
    assert m.format == LITELLM
    assert (f.days, f.whole_days, f.requests) == (1, 1, 9)
    assert (f.input_tokens, f.output_tokens, f.cached_input_tokens) == (9_500, 2_000, 600)
    assert f.requests_per_day == 9
    assert f.avg_input_tokens_per_request == pytest.approx(9_500 / 9)
    assert f.models == pytest.approx({"gpt-4o-mini": 6_500 / 11_500,
                                      "claude-3-5-haiku-20241022": 5_000 / 11_500})
    # hours 09 (2,500 tokens) and 12 (3,100) carry at least half the busiest
    assert f.peak_hours_per_day == 2
    assert f.off_peak_traffic_share == pytest.approx(5_900 / 11_500)
    assert m.notes == ("left out: 1 failed request, 1 request answered from LiteLLM's cache, "
                       "1 call that is not text generation",)
    assert m.api_model == "gpt-4o-mini"


def test_plain_csv():
    m = measure(SAMPLES / "usage_daily.csv", now=NOW)
    f = m.figures
    assert m.format == PLAIN
    assert (f.days, f.window_days, f.window_first_day) == (35, 28, date(2026, 9, 8))
    assert f.requests == 7 * 180 + 28 * 200
    assert f.requests_per_day == 200
    assert (f.avg_input_tokens_per_request, f.avg_output_tokens_per_request) == (1_000, 100)
    assert f.cached_input_share == pytest.approx(0.1)
    assert f.growth is not None and f.growth.low < f.growth.monthly_rate < f.growth.high
    assert f.growth.monthly_rate > 0  # the step from 180 to 200 reads as growth
    assert scenario_values(m) == {
        "workload.requests_per_day": 200, "workload.avg_input_tokens_per_request": 1_000,
        "workload.avg_output_tokens_per_request": 100,
        "workload.monthly_growth_rate": f.growth.monthly_rate, "api.model": "gpt-4o"}
