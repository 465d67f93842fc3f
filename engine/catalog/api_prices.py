"""API prices: ``genai-prices`` (offline, bundled in its wheel) and the seed's 2024 snapshot.

Prices are always looked up **at an explicit date** (the package's data holds prices
scheduled for the future) and **at the size of the average request**, so tiered
long-context prices apply as the provider would bill them. The updater of ``genai-prices``
is never started: its bundled snapshot is the catalog.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache
from importlib.metadata import version
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from engine.catalog._csv import CatalogRow, read_rows
from engine.errors import UnknownModelError

__all__ = [
    "ApiPrice",
    "PriceBook",
    "SeedPriceRow",
    "canonical_model",
    "genai_prices_data_date",
    "genai_prices_version",
    "price_request",
    "seed_2024_prices",
]

PriceBook = Literal["current", "seed_2024"]


class SeedPriceRow(CatalogRow):
    model: str
    provider: str
    aliases: str | None = None
    input_usd_per_1m_tokens: Annotated[float, Field(ge=0)]
    output_usd_per_1m_tokens: Annotated[float, Field(ge=0)]


class ApiPrice(BaseModel):
    """The per-1M-token prices an analysis uses, and where they came from."""

    model: str | None
    provider: str | None
    input_usd_per_1m_tokens: float
    output_usd_per_1m_tokens: float
    source: str
    date: str | None


@cache
def seed_2024_prices() -> dict[str, SeedPriceRow]:
    return {row.model: row for row in read_rows("api_prices_2024.csv", SeedPriceRow)}


def genai_prices_version() -> str:
    return version("genai-prices")


@cache
def _dated_changes() -> tuple[date, ...]:
    from genai_prices import data_snapshot

    dates = set()
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            for price in model.prices if isinstance(model.prices, list) else ():
                start = getattr(price.constraint, "start_date", None)
                if isinstance(start, date):
                    dates.add(start)
    return tuple(sorted(dates))


def genai_prices_data_date(at: date) -> str | None:
    """The bundled data's date as seen from ``at``: the newest price change it records on or
    before ``at`` (the package carries no date of its own, and its data also holds changes
    scheduled for later).

    >>> genai_prices_data_date(date(2026, 11, 24))
    '2026-11-09'
    """
    past = [d for d in _dated_changes() if d <= at]
    return past[-1].isoformat() if past else None


def _candidates(ref: str) -> list[str]:
    ref = ref.strip().lower()
    hyphened = re.sub(r"\s+", "-", ref)
    return list(dict.fromkeys([ref, hyphened, hyphened.replace(".", "-")]))


@cache
def _find_current(ref: str) -> tuple[str, str]:
    from genai_prices import data_snapshot  # imported lazily: its data module is large

    snapshot = data_snapshot.get_snapshot()
    for candidate in _candidates(ref):
        try:
            provider, model = snapshot.find_provider_model(candidate, None, None, None)
        except LookupError:
            continue
        return provider.id, model.id
    raise UnknownModelError(
        f"unknown API model {ref!r}: genai-prices {genai_prices_version()} does not list it; "
        "accepted: a model id such as 'gpt-4o', 'claude-3-5-sonnet', 'gemini-2.5-pro', "
        "or custom input and output prices per 1M tokens"
    )


def _find_seed(ref: str) -> SeedPriceRow:
    rows = seed_2024_prices()
    for candidate in _candidates(ref):
        for row in rows.values():
            names = [row.model, *(row.aliases or "").split("|")]
            if candidate in {n.strip().lower() for n in names if n}:
                return row
    raise UnknownModelError(
        f"unknown API model {ref!r} in the source document's 2024 prices; accepted: "
        + ", ".join(rows)
    )


def canonical_model(ref: str, *, price_book: PriceBook = "current") -> str:
    """The catalog's id for a model as a person may write it.

    >>> canonical_model("Claude 3.5 Sonnet"), canonical_model("GPT-4o", price_book="seed_2024")
    ('claude-3-5-sonnet', 'gpt-4o')
    """
    if price_book == "seed_2024":
        return _find_seed(ref).model
    return _find_current(ref)[1]


def price_request(
    ref: str,
    *,
    at: date,
    avg_input_tokens: float,
    avg_output_tokens: float,
    price_book: PriceBook = "current",
) -> ApiPrice:
    """Per-1M-token prices of ``ref`` on ``at`` for a request of the average size.

    >>> p = price_request("gpt-4o", at=date(2026, 11, 24), avg_input_tokens=500,
    ...                   avg_output_tokens=200)
    >>> p.input_usd_per_1m_tokens, p.output_usd_per_1m_tokens
    (2.5, 10.0)
    """
    if price_book == "seed_2024":
        row = _find_seed(ref)
        return ApiPrice(
            model=row.model,
            provider=row.provider,
            input_usd_per_1m_tokens=row.input_usd_per_1m_tokens,
            output_usd_per_1m_tokens=row.output_usd_per_1m_tokens,
            source=row.source,
            date=row.date,
        )
    return _price_current(ref, at, max(avg_input_tokens, 1.0), max(avg_output_tokens, 1.0))


@cache
def _price_current(ref: str, at: date, input_tokens: float, output_tokens: float) -> ApiPrice:
    from genai_prices import Usage, calc_price

    provider_id, model_id = _find_current(ref)
    usage = Usage(input_tokens=round(input_tokens) or 1, output_tokens=round(output_tokens) or 1)
    when = datetime.combine(at, time(12), tzinfo=UTC)
    calc = calc_price(usage, model_id, provider_id=provider_id, genai_request_timestamp=when)
    per_in = calc.input_price / Decimal(usage.input_tokens) * Decimal(1_000_000)
    per_out = calc.output_price / Decimal(usage.output_tokens) * Decimal(1_000_000)
    return ApiPrice(
        model=model_id,
        provider=provider_id,
        input_usd_per_1m_tokens=float(per_in),
        output_usd_per_1m_tokens=float(per_out),
        source=f"genai-prices {genai_prices_version()} ({provider_id}/{model_id}, data as of "
        f"{genai_prices_data_date(at) or 'no dated change'}), at the average request's size",
        date=at.isoformat(),
    )
