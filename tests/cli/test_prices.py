"""``ftroi prices [MODEL|GPU]``: the catalogs in use, every figure with its source and date."""

from __future__ import annotations

import pytest

from engine.catalog.api_prices import genai_prices_version, price_request, seed_2024_prices
from engine.catalog.gpus import load_gpu_catalog
from engine.catalog.managed_prices import managed_finetuning_prices
from engine.figures import unit_usd
from tests.cli.conftest import AT, flat, too_wide


def test_the_whole_catalog_lists_every_row_with_its_source_and_date(ftroi):
    result = ftroi("prices", "--at", AT.isoformat())
    assert (result.code, result.err) == (0, "")
    out = flat(result.out)
    catalog = load_gpu_catalog()
    for key, spec in catalog.specs.items():
        assert key in out and flat(spec.source) in out
    for offer in catalog.offers:
        assert flat(offer.source) in out
        assert f"{unit_usd(offer.price)}/hour" in out and offer.date in out
    for row in seed_2024_prices().values():
        assert row.model in out and flat(row.source) in out
        assert unit_usd(row.output_usd_per_1m_tokens) in out
    for row in managed_finetuning_prices().values():
        assert flat(row.source) in out
    assert f"genai-prices {genai_prices_version()}" in out
    assert AT.isoformat() in out
    assert too_wide(result.out) == []


def test_a_model_shows_genai_prices_at_the_date_and_the_2024_book(ftroi):
    result = ftroi("prices", "gpt-4o", "--at", AT.isoformat())
    assert (result.code, result.err) == (0, "")
    out = flat(result.out)
    now = price_request("gpt-4o", at=AT, avg_input_tokens=500, avg_output_tokens=200)
    assert f"Input {unit_usd(now.input_usd_per_1m_tokens)} per 1M tokens" in out  # $2.50
    assert f"Output {unit_usd(now.output_usd_per_1m_tokens)} per 1M tokens" in out  # $10.00
    assert f"genai-prices {genai_prices_version()}" in out
    assert f"priced at {AT.isoformat()}" in out
    assert "Input $5.00 per 1M tokens" in out and "Output $15.00 per 1M tokens" in out  # 2024
    assert flat(seed_2024_prices()["gpt-4o"].source) in out


def test_a_model_is_found_as_people_write_it_and_priced_at_the_date_asked(ftroi):
    out = flat(ftroi("prices", "Claude 3.5 Sonnet", "--at", "2024-10-01").out)
    assert "anthropic/claude-3-5-sonnet" in out and "priced at 2024-10-01" in out
    assert "Input $3.00 per 1M tokens" in out


def test_a_model_the_2024_book_lacks_says_so(ftroi):
    result = ftroi("prices", "gemini-2.5-pro", "--at", AT.isoformat())
    assert result.code == 0
    assert "Not in the source document's 2024 prices" in result.out


def test_a_gpu_shows_its_specs_default_prices_and_offers(ftroi):
    result = ftroi("prices", "h100")
    assert (result.code, result.err) == (0, "")
    out = flat(result.out)
    catalog = load_gpu_catalog()
    spec = catalog.specs["h100"]
    assert flat(spec.source) in out and "989 TFLOPS" in out and "3,350 GB/s" in out
    default = catalog.price("h100", "on_demand")
    assert f"on-demand {unit_usd(default.usd_per_gpu_hour)}/GPU-hour" in out
    offers = catalog.offers_for("h100")
    assert offers
    for offer in offers:
        assert flat(offer.source) in out and offer.date in out


@pytest.mark.parametrize("name", ["tpu-v5", "custom"])
def test_an_unknown_name_exits_2_with_what_is_accepted(ftroi, name):
    result = ftroi("prices", name)
    assert result.code == 2 and result.out == ""
    assert "Traceback" not in result.err
    assert "accepted: a10, a100_40g, a100_80g, a10g" in result.err  # GPUs
    assert "'gpt-4o'" in result.err  # API models
    assert "gpt-3.5-turbo" in result.err  # the 2024 book


def test_a_bad_date_exits_2(ftroi):
    result = ftroi("prices", "gpt-4o", "--at", "last tuesday")
    assert result.code == 2
    assert "--at: 'last tuesday' is not accepted — give a date as YYYY-MM-DD" in result.err
