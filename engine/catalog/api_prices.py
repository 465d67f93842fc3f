"""API prices: ``genai-prices`` (offline, bundled in its wheel) and the seed's 2024 snapshot.

Prices are always looked up **at an explicit date** (the package's data holds prices
scheduled for the future) and **at the size of the average request**, so tiered
long-context prices apply as the provider would bill them. The updater of ``genai-prices``
is never started: its bundled snapshot is the catalog.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.catalog._csv import CatalogRow, read_rows
from engine.errors import UnknownModelError
from engine.figures import percent

__all__ = [
    "ApiPrice",
    "PriceBook",
    "SeedPriceRow",
    "batch_price",
    "cached_input_price",
    "canonical_model",
    "genai_prices_data_date",
    "genai_prices_version",
    "mix_price",
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

    model_config = ConfigDict(defer_build=True)  # its validator is built on first use

    model: str | None
    provider: str | None
    input_usd_per_1m_tokens: float
    output_usd_per_1m_tokens: float
    source: str
    date: str | None


@cache
def seed_2024_prices() -> dict[str, SeedPriceRow]:
    return {row.model: row for row in read_rows("api_prices_2024.csv", SeedPriceRow)}


@cache
def genai_prices_version() -> str:
    from importlib.metadata import version  # ~20 ms to import: only a priced answer needs it

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
def _provider_ids() -> frozenset[str]:
    from genai_prices import data_snapshot

    return frozenset(p.id for p in data_snapshot.get_snapshot().providers)


def _split_provider(ref: str) -> tuple[str | None, str]:
    """``together/meta-llama/Llama-3.3-70B`` → ("together", "meta-llama/Llama-3.3-70B"); a
    reference whose first part names no genai-prices provider is left whole."""
    head, slash, rest = ref.strip().partition("/")
    if slash and rest and head.lower() in _provider_ids():
        return head.lower(), rest
    return None, ref


def _price_ref(model: Any) -> str:
    """A reference genai-prices matches to ``model`` (its id, or what its match clause
    expects: Fireworks' ids are matched as ``accounts/fireworks/models/<id>``)."""
    if model.is_match(model.id.lower()):
        return str(model.id)
    for attribute in ("equals", "starts_with"):
        value = getattr(model.match, attribute, None)
        if isinstance(value, str):
            return value
    return str(model.id)


@cache
def _find_current(ref: str) -> tuple[str, str, bool, str]:
    """(provider id, model id, whether the reference named its provider, the reference to
    price it by)."""
    from genai_prices import data_snapshot  # imported lazily: its data module is large

    snapshot = data_snapshot.get_snapshot()
    provider_id, model_ref = _split_provider(ref)
    for candidate in _candidates(model_ref):
        try:
            provider, model = snapshot.find_provider_model(candidate, None, provider_id, None)
        except LookupError:
            continue
        # An id its own match clause refuses (``ft:gpt-4o-mini`` matches only dated
        # snapshots) is named by the reference that found it, so the name finds it again.
        name = model.id if model.is_match(model.id.lower()) or provider_id is None \
            else candidate
        return provider.id, name, provider_id is not None, candidate
    if provider_id is not None:  # a provider's own model id, matched by another reference
        provider = next(p for p in snapshot.providers if p.id == provider_id)
        for model in provider.models:
            if model.id.lower() in _candidates(model_ref):
                return provider.id, model.id, True, _price_ref(model)
    where = f"provider {provider_id!r} in " if provider_id else ""
    raise UnknownModelError(
        f"unknown API model {ref!r}: {where}genai-prices {genai_prices_version()} does not "
        "list it; accepted: a model id such as 'gpt-4o', 'claude-3-5-sonnet', "
        "'gemini-2.5-pro', a provider and its model id such as "
        "'groq/llama-3.1-8b-instant', or custom input and output prices per 1M tokens"
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

    A reference that names its provider keeps it, so a per-token host's copy of an open model
    is priced as that host bills it:

    >>> canonical_model("Claude 3.5 Sonnet"), canonical_model("GPT-4o", price_book="seed_2024")
    ('claude-3-5-sonnet', 'gpt-4o')
    >>> canonical_model("groq/llama-3.1-8b-instant")
    'groq/llama-3.1-8b-instant'
    """
    if price_book == "seed_2024":
        return _find_seed(ref).model
    provider_id, model_id, qualified, _ = _find_current(ref)
    return f"{provider_id}/{model_id}" if qualified else model_id


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


def cached_input_price(
    ref: str,
    *,
    at: date,
    avg_input_tokens: float,
    avg_output_tokens: float,
    cached_share: float,
) -> ApiPrice | None:
    """The per-1M prices of ``ref`` when ``cached_share`` of each request's input tokens is
    read from the provider's prompt cache (genai-prices' cache-read price), the input price
    blended over cached and uncached tokens; None when genai-prices lists no cache-read
    price for the model (its cached input then costs what uncached input does).

    >>> p = cached_input_price("gpt-4o", at=date(2026, 11, 24), avg_input_tokens=1000,
    ...                        avg_output_tokens=100, cached_share=0.4)
    >>> p.input_usd_per_1m_tokens  # 60% at $2.50 + 40% at the cache-read $1.25
    2.0
    """
    sizes = max(avg_input_tokens, 1.0), max(avg_output_tokens, 1.0)
    plain = _price_current(ref, at, *sizes)
    cached = _price_current(ref, at, *sizes, cached_share=cached_share)
    if cached.input_usd_per_1m_tokens >= plain.input_usd_per_1m_tokens:
        return None
    return cached


def mix_price(
    shares: Mapping[str, float], *, at: date, avg_input_tokens: float,
    avg_output_tokens: float, cached_share: float = 0.0, batch_share: float = 0.0,
    model: str, source: str,
) -> ApiPrice:
    """Per-1M prices of a bill spread over several models (``shares``: catalog ids → share
    of tokens, summing to 1), ``cached_share`` of every model's input read from its prompt
    cache and ``batch_share`` of its tokens sent through its batch API (where it has one;
    elsewhere at its plain price); ``model`` names the mix (its dominant model) and
    ``source`` says where the shares were measured.

    >>> p = mix_price({"gpt-4o": 0.5, "gpt-4o-mini": 0.5}, at=date(2026, 11, 24),
    ...               avg_input_tokens=500, avg_output_tokens=200, model="gpt-4o", source="x")
    >>> p.input_usd_per_1m_tokens, p.output_usd_per_1m_tokens  # (2.50 + 0.15) / 2, (10 + 0.60) / 2
    (1.325, 5.3)
    """
    sizes = max(avg_input_tokens, 1.0), max(avg_output_tokens, 1.0)
    per_in = per_out = 0.0
    for ref, share in shares.items():
        plain = _price_current(ref, at, *sizes, cached_share=cached_share)
        batch = _price_current(ref, at, *sizes, cached_share=cached_share, batch=True) \
            if batch_share > 0 else plain
        per_in += share * ((1 - batch_share) * plain.input_usd_per_1m_tokens
                           + batch_share * batch.input_usd_per_1m_tokens)
        per_out += share * ((1 - batch_share) * plain.output_usd_per_1m_tokens
                            + batch_share * batch.output_usd_per_1m_tokens)
    head = _price_current(model, at, *sizes)
    return ApiPrice(
        model=model, provider=head.provider, input_usd_per_1m_tokens=per_in,
        output_usd_per_1m_tokens=per_out,
        source=f"{source}; each model at genai-prices {genai_prices_version()} (data as of "
               f"{genai_prices_data_date(at) or 'no dated change'}), at the average "
               "request's size",
        date=at.isoformat())


def batch_price(
    ref: str, *, at: date, avg_input_tokens: float, avg_output_tokens: float,
) -> ApiPrice | None:
    """The per-1M prices of ``ref`` through its provider's batch API on ``at`` (genai-prices'
    ``processing: batch`` price variant); None when genai-prices lists no batch price for it
    on that date.

    >>> batch_price("gpt-4o", at=date(2026, 11, 24), avg_input_tokens=500,
    ...             avg_output_tokens=200).input_usd_per_1m_tokens
    1.25
    >>> batch_price("gpt-4o", at=date(2026, 10, 1), avg_input_tokens=500,
    ...             avg_output_tokens=200) is None  # its batch prices start on 2026-10-14
    True
    """
    sizes = max(avg_input_tokens, 1.0), max(avg_output_tokens, 1.0)
    plain = _price_current(ref, at, *sizes)
    batch = _price_current(ref, at, *sizes, batch=True)
    cheaper = (batch.input_usd_per_1m_tokens < plain.input_usd_per_1m_tokens
               or batch.output_usd_per_1m_tokens < plain.output_usd_per_1m_tokens)
    return batch if cheaper else None


@cache
def _price_current(ref: str, at: date, input_tokens: float, output_tokens: float, *,
                   cached_share: float = 0.0, batch: bool = False) -> ApiPrice:
    from genai_prices import Usage, calc_price

    provider_id, model_id, qualified, price_ref = _find_current(ref)
    inputs = round(input_tokens) or 1
    cached = round(inputs * cached_share)
    usage = Usage(input_tokens=inputs, output_tokens=round(output_tokens) or 1,
                  cache_read_tokens=cached or None)
    when = datetime.combine(at, time(12), tzinfo=UTC)
    calc = calc_price(usage, price_ref, provider_id=provider_id, genai_request_timestamp=when,
                      price_context={"processing": "batch"} if batch else None)
    per_in = calc.input_price / Decimal(inputs) * Decimal(1_000_000)
    per_out = calc.output_price / Decimal(usage.output_tokens) * Decimal(1_000_000)
    cache_note = (f", {percent(cached / inputs)} of input tokens read from its prompt cache"
                  if cached else "") + (", through its batch API" if batch else "")
    return ApiPrice(
        model=f"{provider_id}/{model_id}" if qualified else model_id,
        provider=provider_id,
        input_usd_per_1m_tokens=float(per_in),
        output_usd_per_1m_tokens=float(per_out),
        source=f"genai-prices {genai_prices_version()} ({provider_id}/{model_id}, data as of "
        f"{genai_prices_data_date(at) or 'no dated change'}), at the average request's size"
        + cache_note,
        date=at.isoformat(),
    )
