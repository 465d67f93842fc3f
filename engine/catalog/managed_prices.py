"""Managed fine-tuning prices: training $/1M tokens and the fine-tuned model's price multiple.

``genai-prices`` holds no fine-tuning *training* fees, so they live in our own dated table,
``engine/data/managed_finetuning.csv``: one row per provider with a low–high range for the
training price per 1M training tokens and for the multiple of the base model's inference
price that the fine-tuned model costs. A figure the source gives as one number has
low = high.

>>> openai = managed_finetuning_prices()["openai"]
>>> openai.training_usd_per_1m_tokens_mid, openai.inference_multiple_mid
(8.0, 2.5)
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Self

from pydantic import Field, model_validator

from engine.catalog._csv import CatalogRow, read_rows

__all__ = ["ManagedPriceRow", "managed_finetuning_prices"]


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
    for row in read_rows("managed_finetuning.csv", ManagedPriceRow):
        if row.provider in table:
            raise ValueError(
                f"engine/data/managed_finetuning.csv: provider {row.provider!r} is listed twice"
            )
        table[row.provider] = row
    return table
