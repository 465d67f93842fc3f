"""``/ftroi prices [model|gpu]``: the catalogs in use, each figure with its source and date.

The content is :mod:`bot.reports.prices`' — the same tables ``ftroi prices`` prints — laid
out by :func:`~bot.slack.views.preformatted.report_messages`, split as the limits need.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.reports.card import gpu_label
from bot.reports.prices import render_gpu, render_model, render_prices
from bot.slack.views.kit import Message, md
from bot.slack.views.preformatted import report_messages
from engine.catalog.api_prices import ApiPrice, SeedPriceRow
from engine.catalog.gpus import GpuCatalog
from engine.catalog.managed_prices import ManagedPriceRow

__all__ = ["gpu_prices_blocks", "model_prices_blocks", "prices_blocks"]

_MORE = "`/ftroi prices h100` shows one GPU; `/ftroi prices gpt-4o` one API model."


def prices_blocks(
    catalog: GpuCatalog,
    *,
    seed_prices: Mapping[str, SeedPriceRow],
    managed_prices: Mapping[str, ManagedPriceRow],
    genai_version: str,
    at: date,
) -> list[Message]:
    """Every catalog: GPU specs and offers, API prices, managed fine-tuning."""
    report = render_prices(catalog, seed_prices=seed_prices, managed_prices=managed_prices,
                           genai_version=genai_version, at=at)
    return report_messages(
        report, title="Prices in use",
        intro=f"GPU, API and managed fine-tuning prices with their sources and dates, as of "
              f"{at.isoformat()}. {_MORE}",
        text=f"ftroi's prices, as of {at.isoformat()}")


def gpu_prices_blocks(catalog: GpuCatalog, key: str) -> list[Message]:
    """One GPU: specs, the default prices ftroi uses, and every offer."""
    label = gpu_label(key, catalog=catalog)
    return report_messages(
        render_gpu(catalog, key), title=f"Prices: {label}",
        intro=f"Specs, default prices and offers for the {md(label)}, each with its source.",
        text=f"Prices for the {label}")


def model_prices_blocks(
    *,
    name: str,
    at: date,
    genai_version: str,
    current: ApiPrice | None,
    current_problem: str | None,
    seed: SeedPriceRow | None,
    input_tokens: float,
    output_tokens: float,
) -> list[Message]:
    """One API model at a date: genai-prices and, when listed, the 2024 book."""
    report = render_model(name=name, at=at, genai_version=genai_version, current=current,
                          current_problem=current_problem, seed=seed,
                          input_tokens=input_tokens, output_tokens=output_tokens)
    return report_messages(
        report, title=f"API prices: {name}",
        intro=f"Priced at {at.isoformat()} for the average request, with sources.",
        text=f"API prices for {name}")
