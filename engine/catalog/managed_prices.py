"""Managed fine-tuning prices: what a provider charges to train, and what it serves at.

``genai-prices`` holds no fine-tuning *training* fees, so they live in our own dated tables:

* ``engine/data/managed_finetuning.csv`` — today's: one row per base model a provider
  fine-tunes (OpenAI), or per model-size bracket and method (Together, Fireworks), with the
  training price per 1M training tokens, the genai-prices id that prices the fine-tuned
  model's inference (empty when genai-prices has none), and the dates after which the
  provider takes no new jobs and shuts the fine-tuned models down;
* ``engine/data/managed_finetuning_2024.csv`` — the source document's 2024 claims ($8/1M at
  OpenAI, its models at 2–3× the base price; Together at $1–3/1M), a low–high range per
  provider, for scenarios priced in the source document's price book.

>>> openai = managed_finetuning_prices()["openai"]
>>> openai.training_usd_per_1m_tokens_mid, openai.inference_multiple_mid
(8.0, 2.5)
>>> [r.base_model for r in managed_finetune_rows("openai")][:2]
['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06']
>>> lora_training_price("together", 7, "lora").training_usd_per_1m_tokens
0.48
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from engine.catalog._csv import CatalogRow, read_rows

__all__ = [
    "FinetunePriceRow",
    "ManagedPriceRow",
    "finetune_prices",
    "lora_training_price",
    "managed_finetune_rows",
    "managed_finetuning_prices",
]


class FinetunePriceRow(CatalogRow):
    """One provider's training price for a base model, or for a size bracket and method."""

    provider: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    base_model: str | None = None
    min_size_b: Annotated[float, Field(ge=0)] | None = None
    max_size_b: Annotated[float, Field(gt=0)] | None = None
    method: Literal["lora", "full"] | None = None
    training_usd_per_1m_tokens: Annotated[float, Field(ge=0, le=10_000)]
    inference_model: str | None = None
    new_jobs_until: date | None = None
    shutdown: date | None = None

    def fits(self, size_b: float) -> bool:
        low = self.min_size_b or 0.0
        return low < size_b <= (self.max_size_b or float("inf")) or size_b == low == 0


@cache
def finetune_prices() -> tuple[FinetunePriceRow, ...]:
    return tuple(read_rows("managed_finetuning.csv", FinetunePriceRow))


def managed_finetune_rows(provider: str | None) -> list[FinetunePriceRow]:
    """The base models ``provider`` fine-tunes and serves, with a genai-prices inference id."""
    return [r for r in finetune_prices()
            if r.provider == provider and r.base_model and r.inference_model]


def lora_training_price(provider: str, size_b: float, method: str) -> FinetunePriceRow | None:
    """``provider``'s training price for a model of ``size_b`` by ``method`` (QLoRA is
    billed as LoRA); None when it lists none."""
    wanted = "full" if method == "full" else "lora"
    for r in finetune_prices():
        if r.provider == provider and r.base_model is None and r.method == wanted \
                and r.fits(size_b):
            return r
    return None


class ManagedPriceRow(CatalogRow):
    """One provider's managed fine-tuning prices, with the ranges the source gives."""

    provider: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    training_usd_per_1m_tokens_low: Annotated[float, Field(ge=0, le=10_000)]
    training_usd_per_1m_tokens_high: Annotated[float, Field(ge=0, le=10_000)]
    inference_multiple_low: Annotated[float, Field(ge=1, le=100)]
    inference_multiple_high: Annotated[float, Field(ge=1, le=100)]

    @model_validator(mode="after")
    def _ranges_ordered(self) -> Self:
        for name in ("training_usd_per_1m_tokens", "inference_multiple"):
            low, high = getattr(self, f"{name}_low"), getattr(self, f"{name}_high")
            if low > high:
                raise ValueError(f"{name}_low ({low:g}) must not exceed {name}_high ({high:g})")
        return self

    @property
    def training_usd_per_1m_tokens_mid(self) -> float:
        return (self.training_usd_per_1m_tokens_low + self.training_usd_per_1m_tokens_high) / 2

    @property
    def inference_multiple_mid(self) -> float:
        return (self.inference_multiple_low + self.inference_multiple_high) / 2


@cache
def managed_finetuning_prices() -> dict[str, ManagedPriceRow]:
    """The bundled table by provider (read once); a provider listed twice is an error."""
    table: dict[str, ManagedPriceRow] = {}
    for row in read_rows("managed_finetuning_2024.csv", ManagedPriceRow):
        if row.provider in table:
            raise ValueError(
                f"engine/data/managed_finetuning_2024.csv: provider {row.provider!r} is listed "
                "twice"
            )
        table[row.provider] = row
    return table
