"""API prices: genai-prices at an explicit date and request size; the seed's 2024 book."""

from __future__ import annotations

from datetime import date

import pytest

from engine.catalog.api_prices import canonical_model, genai_prices_version, price_request
from engine.errors import UnknownModelError

DAY = date(2026, 11, 24)


def test_current_prices_come_from_genai_prices_with_their_date():
    p = price_request("gpt-4o", at=DAY, avg_input_tokens=500, avg_output_tokens=200)
    assert (p.input_usd_per_1m_tokens, p.output_usd_per_1m_tokens) == (2.5, 10.0)
    assert p.provider == "openai"
    assert p.date == "2026-11-24"
    assert f"genai-prices {genai_prices_version()}" in p.source


def test_tiered_prices_apply_at_the_average_requests_size():
    # gemini-2.5-pro bills prompts above 200k tokens at the higher tier ($2.50 vs $1.25 input).
    short = price_request("gemini-2.5-pro", at=DAY, avg_input_tokens=1_000, avg_output_tokens=100)
    long = price_request("gemini-2.5-pro", at=DAY, avg_input_tokens=300_000,
                         avg_output_tokens=100)
    assert short.input_usd_per_1m_tokens == pytest.approx(1.25)
    assert long.input_usd_per_1m_tokens == pytest.approx(2.5)
    assert long.output_usd_per_1m_tokens > short.output_usd_per_1m_tokens


def test_the_seed_2024_book_reproduces_the_documents_prices():
    expected = {"gpt-4o": (5, 15), "gpt-3.5-turbo": (0.5, 1.5), "claude-3-5-sonnet": (3, 15),
                "claude-3-haiku": (0.25, 1.25)}
    for model, (inp, out) in expected.items():
        p = price_request(model, at=DAY, avg_input_tokens=1, avg_output_tokens=1,
                          price_book="seed_2024")
        assert (p.input_usd_per_1m_tokens, p.output_usd_per_1m_tokens) == (inp, out)
        assert p.date == "2024"


def test_a_price_is_the_same_whenever_it_is_asked_for_the_same_date():
    a = price_request("claude-3-5-sonnet", at=date(2025, 1, 1), avg_input_tokens=500,
                      avg_output_tokens=200)
    b = price_request("Claude 3.5 Sonnet", at=date(2025, 1, 1), avg_input_tokens=500,
                      avg_output_tokens=200)
    assert a == b


def test_unknown_models_say_what_is_accepted():
    with pytest.raises(UnknownModelError, match="custom input and output prices"):
        canonical_model("not-a-model-at-all")
    with pytest.raises(UnknownModelError, match=r"gpt-4o, gpt-3\.5-turbo"):
        canonical_model("gemini-2.5-pro", price_book="seed_2024")
