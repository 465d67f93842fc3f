"""Open models served per token by hosts, by size: ``engine/data/hosted_open_models.csv``.

Each row names a genai-prices model id of a per-token host (Together, Fireworks, Groq…) and
the open model's size, so that a fine-tune of a given size can be compared with simply
calling that open model — and, where the host serves a customer's LoRA adapter at the base
model's per-token price, with a LoRA fine-tune hosted there. Prices come from genai-prices
at the scenario's date; the table only says which model is which size and whether its host
serves LoRA adapters serverless (with the page that says so).

>>> [r.ref for r in hosted_for_size(7)]
['together/Qwen/Qwen3.5-9B', 'fireworks/llama-v3p1-8b-instruct']
>>> hosted_for_size(400)
[]
"""

from __future__ import annotations

import math
from functools import cache
from typing import Annotated

from pydantic import Field

from engine.catalog._csv import CatalogRow, read_rows

__all__ = ["SIZE_MATCH", "HostedModelRow", "hosted_for_size", "hosted_models"]

SIZE_MATCH = 1.5  # an open model stands in for a fine-tune within ×1.5 of its size


class HostedModelRow(CatalogRow):
    size_b: Annotated[float, Field(gt=0, le=2_000)]
    provider: str
    model: str
    lora_serverless: bool

    @property
    def ref(self) -> str:
        """The provider-qualified reference genai-prices prices it by."""
        return f"{self.provider}/{self.model}"


@cache
def hosted_models() -> tuple[HostedModelRow, ...]:
    return tuple(read_rows("hosted_open_models.csv", HostedModelRow))


def hosted_for_size(size_b: float) -> list[HostedModelRow]:
    """Each host's model nearest ``size_b`` in size (within ×1.5), in the table's order."""
    best: dict[str, tuple[float, HostedModelRow]] = {}
    for r in hosted_models():
        distance = abs(math.log(r.size_b / size_b))
        if distance <= math.log(SIZE_MATCH) and (
                r.provider not in best or distance < best[r.provider][0]):
            best[r.provider] = (distance, r)
    chosen = {id(r) for _, r in best.values()}
    return [r for r in hosted_models() if id(r) in chosen]
