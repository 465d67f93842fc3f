"""Today's API bill from a usage export: priced as the export's mix of models, with its
cached input at cache-read prices and its batch share at batch prices (issue 13: "a mix of
models is priced as a mix"; "the cached-input share (for the API's cache prices)").

Oracle: genai-prices' list prices on 2026-11-24, by hand — gpt-4o $2.50 in / $10 out with
a $1.25 cache read, gpt-4o-mini $0.15 / $0.60 — and the export's shares, which the test makes.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine.analysis import analyse
from engine.measurement import Measurement
from engine.models import Scenario
from engine.resolve import resolve
from engine.usage import DAY, Bucket, derive

AT = date(2026, 11, 24)
FIRST = 20_362  # 2025-10-01, in days since the epoch


def measured(models: dict[str | None, int], *, cached: float = 0.0) -> Measurement:
    """28 days of 1,000 requests a day split over ``models`` (requests each), 500 in and
    200 out per request, ``cached`` of the input read from the cache."""
    rows = [Bucket(start=d * DAY, end=(d + 1) * DAY, model=model, requests=n,
                   input_tokens=500 * n, output_tokens=200 * n,
                   cached_input_tokens=round(500 * n * cached), batch=None)
            for d in range(FIRST, FIRST + 28) for model, n in models.items()]
    figures = derive(rows, now=(FIRST + 40) * DAY, source="usage.json")
    return Measurement(file="usage.json", format="test", figures=figures,
                       values={"workload.requests_per_day": 1_000.0, "api.model": "gpt-4o"})


def scenario(m: Measurement, **api: object) -> Scenario:
    return Scenario(workload={"requests_per_day": 1_000}, api={"model": "gpt-4o", **api},
                    measured=m)


def test_a_mix_of_models_is_priced_as_the_mix() -> None:
    s = scenario(measured({"gpt-4o": 800, "gpt-4o-mini": 200}))
    price = resolve(s, at=AT).api
    assert price.input_usd_per_1m_tokens == pytest.approx(0.8 * 2.50 + 0.2 * 0.15)
    assert price.output_usd_per_1m_tokens == pytest.approx(0.8 * 10.0 + 0.2 * 0.60)
    assert price.model == "gpt-4o" and price.source.startswith(
        "the measured mix of usage.json (mean of the 28 whole days): gpt-4o 80%, gpt-4o-mini "
        "20% of tokens")
    a = analyse(s, at=AT, samples=200)
    assert a.monthly.api_usd == pytest.approx(
        1_000 * 30 * (500 * 2.03 + 200 * 8.12) / 1e6)
    mix = next(x for x in a.assumptions if x.name == "API model mix")
    assert mix.source.endswith("today's API bill is priced as this mix")


def test_cached_input_is_priced_at_the_cache_read_price() -> None:
    price = resolve(scenario(measured({"gpt-4o": 1_000}, cached=0.4)), at=AT).api
    assert price.input_usd_per_1m_tokens == pytest.approx(0.6 * 2.50 + 0.4 * 1.25)
    assert price.output_usd_per_1m_tokens == pytest.approx(10.0)
    assert "40% of input at cache-read prices" in price.source


def test_one_model_without_cache_or_batch_is_its_list_price() -> None:
    price = resolve(scenario(measured({"gpt-4o": 1_000})), at=AT).api
    assert (price.input_usd_per_1m_tokens, price.output_usd_per_1m_tokens) == (2.5, 10.0)
    assert price.source.startswith("genai-prices")


def test_a_person_who_changes_the_api_or_types_prices_gets_those() -> None:
    m = measured({"gpt-4o": 800, "gpt-4o-mini": 200})
    other = resolve(scenario(m).with_value("api.model", "gpt-4.1"), at=AT).api
    assert other.model == "gpt-4.1" and other.source.startswith("genai-prices")
    typed = resolve(scenario(m, input_usd_per_1m_tokens=3.0, output_usd_per_1m_tokens=12.0),
                    at=AT).api
    assert (typed.input_usd_per_1m_tokens, typed.source) == (3.0, "you")


def test_a_mix_the_catalog_mostly_cannot_price_is_not_priced_as_one() -> None:
    m = measured({"gpt-4o": 300, "our-own-model-v2": 700})
    price = resolve(scenario(m), at=AT).api
    assert (price.input_usd_per_1m_tokens, price.output_usd_per_1m_tokens) == (2.5, 10.0)
    some = measured({"gpt-4o": 600, "gpt-4o-mini": 200, "our-own-model-v2": 200})
    priced = resolve(scenario(some), at=AT).api
    assert priced.input_usd_per_1m_tokens == pytest.approx(0.75 * 2.50 + 0.25 * 0.15)
    assert "20% of tokens on models the catalog does not price left out" in priced.source
